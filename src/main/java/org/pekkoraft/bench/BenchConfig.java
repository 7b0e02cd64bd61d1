package org.pekkoraft.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
 */
public record BenchConfig(int nodes, List<String> external, List<Integer> clients, int keys, int valueSize,
    Duration warmup, Duration measure, int failovers, boolean remoteClients, Path dataDir) {

  public BenchConfig {
    external = List.copyOf(external);
    clients = List.copyOf(clients);
  }

  public boolean inProcess() {
    return external.isEmpty();
  }
}
