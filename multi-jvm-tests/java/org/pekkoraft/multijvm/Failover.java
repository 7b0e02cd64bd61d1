package org.pekkoraft.multijvm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.kv.KvClient;

/**
 * Kills the leader with SIGKILL and times the failover as a client sees it: from the signal to the first write that
 * a new leader acknowledges. The probe client is warmed up on the old leader first (session open, leader known),
 * as a client that was busy at the time of the crash would be, and gives up on a silent node quickly, so the time
 * measures the cluster rather than the client's patience.
 */
final class Failover {

  /** What happened: who was killed, who acknowledged the first write after it, and how long that took. */
  record Measured(String killed, String newLeader, long millis) {}

  private static final Duration PROBE_ATTEMPT = Duration.ofMillis(250);

  private Failover() {}

  /** Kills whichever node acknowledges a write just before: the leader of that moment. */
  static Measured killLeader(ProcessCluster cluster, String label) throws Exception {
    RaftClient probe = cluster.client(PROBE_ATTEMPT, ProcessCluster.WAIT);
    KvClient kv = new KvClient(probe);
    kv.put("failover-" + label + "-before", "x").toCompletableFuture().get(60, TimeUnit.SECONDS);
    String leader = probe.leaderGuess().value();
    long killed = System.nanoTime();
    cluster.node(leader).kill();
    kv.put("failover-" + label + "-after", "x").toCompletableFuture().get(120, TimeUnit.SECONDS);
    long millis = (System.nanoTime() - killed) / 1_000_000;
    NodeId acknowledgedBy = probe.leaderGuess();
    Measured m = new Measured(leader, acknowledgedBy == null ? "?" : acknowledgedBy.value(), millis);
    Report.line("failover %s: kill -9 of leader %s -> first write acknowledged by %s after %d ms", label, leader,
        m.newLeader(), millis);
    return m;
  }
}
