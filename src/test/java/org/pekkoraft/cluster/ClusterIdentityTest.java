package org.pekkoraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.TestCluster;
import org.pekkoraft.testkit.TestNode;

/**
 * Cluster identity: a member whose disk was lost does not come back as a fresh voter, and data written by another
 * cluster does not join this one.
 */
class ClusterIdentityTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aMemberThatLostItsDiskRefusesToStartUnlessToldTheClusterIsNew() throws Exception {
    try (TestCluster cluster = TestCluster.start(TestCluster.tempDir("lost-disk"), 3)) {
      cluster.awaitLeader(WAIT);
      cluster.kv().put("k", "v").toCompletableFuture().get(20, TimeUnit.SECONDS);
      String clusterId = Await.value("n1's cluster id", WAIT, () -> idOf(cluster.status("n1")));
      TestNode n3 = cluster.node("n3");
      n3.crash();
      deleteTree(n3.dataDir);

      n3.start("pekko-raft.initial-cluster-state = existing");
      Await.until("n3 to refuse to start on an empty data directory", WAIT, n3::raftNodeStopped);
      n3.crash();

      n3.start("pekko-raft.initial-cluster-state = existing, pekko-raft.join = on");
      Await.until("a joiner with an empty directory to start and answer", WAIT, () -> cluster.status("n3") != null);
      assertEquals(clusterId, Await.value("n3 to learn the cluster's id from the leader", WAIT,
          () -> idOf(cluster.status("n3"))), "a joiner adopts the id of the cluster that contacts it");
    }
  }

  @Test
  void aDataDirectoryOfAnotherClusterDoesNotJoin() throws Exception {
    Path foreign;
    String foreignId;
    try (TestCluster other = TestCluster.start(TestCluster.tempDir("other-cluster"), 3)) {
      other.awaitLeader(WAIT);
      for (int i = 0; i < 20; i++) {
        other.kv().put("other" + i, "x").toCompletableFuture().get(20, TimeUnit.SECONDS);
      }
      foreignId = Await.value("the other cluster's id", WAIT, () -> idOf(other.status("n3")));
      other.node("n3").crash();
      foreign = other.node("n3").dataDir;
    }
    try (TestCluster cluster = TestCluster.start(TestCluster.tempDir("this-cluster"), 3)) {
      cluster.awaitLeader(WAIT);
      cluster.kv().put("k", "v").toCompletableFuture().get(20, TimeUnit.SECONDS);
      String ownId = Await.value("this cluster's id", WAIT, () -> idOf(cluster.status("n1")));
      assertNotEquals(foreignId, ownId, "two clusters of the same member names have different ids");
      TestNode n3 = cluster.node("n3");
      n3.crash();
      deleteTree(n3.dataDir);
      copyTree(foreign, n3.dataDir);
      n3.start();
      NodeStatus restarted = Await.value("n3 to run on the other cluster's data", WAIT, () -> cluster.status("n3"));
      assertEquals(foreignId, restarted.clusterId());
      for (int i = 0; i < 5; i++) {
        cluster.kv().put("after" + i, "y").toCompletableFuture().get(20, TimeUnit.SECONDS);
      }
      NodeStatus leader = cluster.status(cluster.awaitLeader(WAIT, Set.of("n1", "n2")));
      Await.during("n3 to stay out of this cluster", Duration.ofSeconds(2), () -> {
        NodeStatus s = cluster.status("n3");
        return s == null || (foreignId.equals(s.clusterId()) && !leader.nodeId().equals(s.leaderId()));
      });
      NodeStatus after = cluster.status(leader.nodeId().value());
      assertTrue(after.commitIndex() > 0);
      assertEquals(Set.of("n1", "n2", "n3"), Set.copyOf(after.voters().stream().map(Object::toString).toList()),
          "the configuration is untouched: no phantom member");
      NodeStatus outsider = cluster.status("n3");
      assertNotNull(outsider);
      assertNotEquals(leader.nodeId(), outsider.leaderId(), "n3 never followed this cluster's leader");
    }
  }

  private static String idOf(NodeStatus status) {
    return status == null ? null : status.clusterId();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("LOCK")) {
          Files.copy(p, target);
        }
      }
    }
  }
}
