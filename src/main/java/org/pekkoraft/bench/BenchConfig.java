package org.pekkoraft.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.pekkoraft.client.RaftClientSettings;

/**
 * What to measure.
 *
 * @param nodes how many nodes to start in this JVM (3 or 5), or 0 to use {@code external}
 * @param external "host:port" of the nodes of a running cluster; empty to start nodes here
 * @param clients closed-loop writer counts, one measured window each
 * @param keys size of the key space writes pick from
 * @param valueSize bytes per value
 * @param warmup how long writers run before each window (the JIT needs it)
 * @param measure the measured window
 * @param failovers how many times to kill the leader under 8 writers (0: no failover run)
 * @param remoteClients writers in their own ActorSystem over Artery, rather than in the leader's
 * @param dataDir where nodes started here keep their journals
 * @param recoveryWrites puts to write before stopping and restarting a follower to measure recovery (0: none)
 * @param snapshotEvery {@code pekko-raft.snapshot.every-entries} for nodes started here (0: never; -1: default)
 * @param nodeCredentials the credentials directory every node started here uses for mutual TLS, or null: plain TCP
 * @param clientCredentials the writers' credentials directory (a client's), or null: plain TCP
 * @param batchesInFlight the writers' {@code RaftClientSettings.maxBatchesInFlight} (0: no batching)
 */
public record BenchConfig(int nodes, List<String> external, List<Integer> clients, int keys, int valueSize,
    Duration warmup, Duration measure, int failovers, boolean remoteClients, Path dataDir, long recoveryWrites,
    long snapshotEvery, Path nodeCredentials, Path clientCredentials, int batchesInFlight) {

  public BenchConfig {
    external = List.copyOf(external);
    clients = List.copyOf(clients);
  }

  /** Throughput windows and failovers only, with the nodes' default snapshot interval, over mutual TLS. */
  public BenchConfig(int nodes, List<String> external, List<Integer> clients, int keys, int valueSize,
      Duration warmup, Duration measure, int failovers, boolean remoteClients, Path dataDir, Path nodeCredentials,
      Path clientCredentials) {
    this(nodes, external, clients, keys, valueSize, warmup, measure, failovers, remoteClients, dataDir, 0, -1,
        nodeCredentials, clientCredentials, RaftClientSettings.DEFAULT_MAX_BATCHES_IN_FLIGHT);
  }

  /** True when nodes and writers run mutual TLS. */
  public boolean tls() {
    return clientCredentials != null;
  }

  public boolean inProcess() {
    return external.isEmpty();
  }
}
