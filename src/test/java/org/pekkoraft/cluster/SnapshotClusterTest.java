package org.pekkoraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.TestCluster;
import org.pekkoraft.testkit.Verify;
import org.pekkoraft.testkit.WriteLoad;

/** Snapshots and log compaction on real nodes, and InstallSnapshot for a follower left behind. */
class SnapshotClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int EVERY = 200;
  private static final String FREQUENT_SNAPSHOTS = """
      pekko-raft.snapshot.every-entries = %d
      """.formatted(EVERY);

  @Test
  void snapshotsBoundTheLogAndSurviveAFullRestart() throws Exception {
    try (TestCluster cluster = TestCluster.start(TestCluster.tempDir("snap"), 3, FREQUENT_SNAPSHOTS)) {
      WriteLoad load = new WriteLoad(cluster.kv(), "snap", 16);
      load.awaitAcknowledged(1500, Duration.ofSeconds(60));
      Map<String, String> acknowledged = load.stop();
      Verify.converged(cluster, WAIT);
      for (String id : cluster.ids()) {
        NodeStatus s = cluster.status(id);
        assertTrue(s.snapshotIndex() > 0, id + " took no snapshot: " + s.line());
        assertTrue(s.lastLogIndex() - s.snapshotIndex() <= 2L * EVERY, id + " retains too much log: " + s.line());
      }
      for (String id : cluster.ids()) {
        cluster.node(id).crash();
      }
      long restart = System.nanoTime();
      for (String id : cluster.ids()) {
        cluster.node(id).start();
      }
      Verify.converged(cluster, WAIT);
      System.out.printf("3 nodes restarted from snapshots and converged in %d ms%n",
          (System.nanoTime() - restart) / 1_000_000);
      for (String id : cluster.ids()) {
        assertTrue(cluster.status(id).snapshotIndex() > 0, id + " recovered without its snapshot");
      }
      assertEquals(List.of(), Verify.unreadable(cluster.kv(), acknowledged));
    }
  }

  @Test
  void aLaggingFollowerCatchesUpThroughInstallSnapshotAcrossALeaderChange() throws Exception {
    try (TestCluster cluster = TestCluster.start(TestCluster.tempDir("install"), 3, FREQUENT_SNAPSHOTS)) {
      String leader = cluster.awaitLeader(WAIT);
      Set<String> others = new HashSet<>(cluster.ids());
      others.remove(leader);
      String lagging = others.iterator().next();
      cluster.node(lagging).crash();
      WriteLoad load = new WriteLoad(cluster.kv(), "behind", 16);
      load.awaitAcknowledged(1000, Duration.ofSeconds(60));
      long compactedTo = cluster.status(leader).snapshotIndex();
      assertTrue(compactedTo > EVERY, "the leader compacted past what the follower has");

      cluster.node(lagging).start();
      cluster.node(leader).crash();
      load.awaitAcknowledged(1300, Duration.ofSeconds(60));
      cluster.node(leader).start();
      Map<String, String> acknowledged = load.stop();
      Verify.converged(cluster, WAIT);
      NodeStatus caughtUp = cluster.status(lagging);
      assertTrue(caughtUp.snapshotIndex() >= compactedTo, "the follower installed a snapshot: " + caughtUp.line());
      assertEquals(List.of(), Verify.unreadable(cluster.kv(), acknowledged));
    }
  }

  @Test
  void aFollowerRestartedAfterManySnapshotsRecoversQuickly() throws Exception {
    try (TestCluster cluster = TestCluster.start(TestCluster.tempDir("quick"), 3, FREQUENT_SNAPSHOTS)) {
      WriteLoad load = new WriteLoad(cluster.kv(), "quick", 16);
      load.awaitAcknowledged(1500, Duration.ofSeconds(60));
      load.stop();
      String leader = cluster.awaitLeader(WAIT);
      String follower = cluster.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
      Verify.converged(cluster, WAIT);
      cluster.node(follower).crash();
      long start = System.nanoTime();
      cluster.node(follower).start();
      NodeStatus recovered = Await.value(follower + " to answer", WAIT, () -> cluster.status(follower));
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("follower recovered (snapshot at %d, log to %d) and answered %d ms after start%n",
          recovered.snapshotIndex(), recovered.lastLogIndex(), ms);
      assertTrue(recovered.snapshotIndex() > 0);
      assertTrue(recovered.lastApplied() >= recovered.snapshotIndex(), "the state machine starts from the snapshot");
    }
  }
}
