package org.pekkoraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.TestCluster;

/**
 * Quiescence through the node layer, in three real nodes with {@code pekko-raft.quiesce = on}: the group goes quiet
 * after writes, a write wakes it, and once the quiet leader's ActorSystem is gone only Pekko Cluster's failure
 * detector (node/ClusterReachability, NodeRuntime) can wake the followers, whose election timers are stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuiescenceClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private TestCluster cluster;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(TestCluster.tempDir("quiesce"), 3, "pekko-raft.quiesce = on");
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  @Order(1)
  void goesQuietAfterWrites() throws Exception {
    cluster.awaitLeader(WAIT);
    for (int i = 0; i < 5; i++) {
      cluster.kv().put("before-" + i, "v" + i).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    NodeStatus leader = awaitQuiet(cluster.running());
    assertTrue(leader.commitIndex() >= 5, "the writes are committed: " + leader.line());
  }

  @Test
  @Order(2)
  void aWriteWakesTheQuietGroupAndIsReadBack() throws Exception {
    NodeStatus quiet = awaitQuiet(cluster.running());
    cluster.kv().put("woken", "yes").toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(Optional.of("yes"), cluster.kv().get("woken").toCompletableFuture().get(WAIT.toSeconds(),
        TimeUnit.SECONDS));
    NodeStatus again = awaitQuiet(cluster.running());
    assertTrue(again.commitIndex() > quiet.commitIndex(), "the write was committed after the group had gone quiet: "
        + quiet.line() + " then " + again.line());
  }

  @Test
  @Order(3)
  void aDeadQuietLeaderIsReplacedWithinTheFailureDetectorsBound() throws Exception {
    NodeStatus quiet = awaitQuiet(cluster.running());
    String old = quiet.nodeId().value();
    Duration bound = failoverBound(cluster.node(old).system().settings().config());
    Set<String> survivors = new HashSet<>(cluster.running());
    survivors.remove(old);
    cluster.node(old).crash();
    long crashed = System.nanoTime();
    // Nothing is sent to the survivors until they elect: only the reachability change can wake them.
    String next = cluster.awaitLeader(bound, survivors);
    assertNotEquals(old, next);
    assertTrue(cluster.status(next).term() > quiet.term(), "a new term: " + cluster.status(next).line());
    Duration left = bound.minusNanos(System.nanoTime() - crashed);
    assertTrue(!left.isNegative(), "no time left in the bound for a write");
    cluster.kv().put("after-failover", "yes").toCompletableFuture().get(left.toMillis(), TimeUnit.MILLISECONDS);
    System.out.printf("QuiescenceClusterTest: new leader %s elected and a write accepted %d ms after %s's system"
        + " terminated (bound %d ms)%n", next, (System.nanoTime() - crashed) / 1_000_000, old, bound.toMillis());
    assertEquals(Optional.of("yes"), cluster.kv().get("after-failover").toCompletableFuture().get(WAIT.toSeconds(),
        TimeUnit.SECONDS));
  }

  /**
   * Waits until every node in {@code ids} is quiescent, follows one leader in one term, and has applied the
   * leader's last entry; returns the leader's status.
   */
  private NodeStatus awaitQuiet(Set<String> ids) {
    return Await.value("every node in " + ids + " quiescent under one leader", WAIT, () -> {
      NodeStatus leader = null;
      for (String id : ids) {
        NodeStatus s = cluster.status(id);
        if (s == null || !s.quiescent()) {
          return null;
        }
        if (s.role() == Role.LEADER) {
          leader = s;
        }
      }
      if (leader == null) {
        return null;
      }
      for (String id : ids) {
        NodeStatus s = cluster.status(id);
        boolean follows = s != null && s.term() == leader.term() && s.lastApplied() >= leader.lastLogIndex()
            && (id.equals(leader.nodeId().value())
                || s.role() == Role.FOLLOWER && leader.nodeId().equals(s.leaderId()));
        if (!follows) {
          return null;
        }
      }
      return leader;
    });
  }

  /**
   * How long the survivors may take to elect and commit: Pekko's failure detector must mark the dead leader
   * unreachable (a heartbeat interval plus the acceptable pause, then the reaper that publishes it), the news
   * spreads by gossip, a woken follower waits out its randomized election timeout and campaigns; doubled, plus
   * room for a loaded machine. A quiet follower that never learned would wait forever, so this is a liveness
   * bound, not a measurement.
   */
  private static Duration failoverBound(Config config) {
    Duration heartbeat = config.getDuration("pekko.cluster.failure-detector.heartbeat-interval");
    Duration pause = config.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause");
    Duration firstHeartbeat = config.getDuration("pekko.cluster.failure-detector.expected-response-after");
    Duration reaper = config.getDuration("pekko.cluster.unreachable-nodes-reaper-interval");
    Duration gossip = config.getDuration("pekko.cluster.gossip-interval");
    Duration election = config.getDuration("pekko-raft.election-timeout-max");
    Duration once = heartbeat.plus(pause).plus(firstHeartbeat).plus(reaper).plus(gossip).plus(election);
    Duration bound = once.multipliedBy(2).plusSeconds(10);
    System.out.printf("QuiescenceClusterTest: failover bound %d ms = 2 x (failure-detector heartbeat-interval %d"
        + " + acceptable-heartbeat-pause %d + expected-response-after %d + unreachable-nodes-reaper-interval %d"
        + " + gossip-interval %d + election-timeout-max %d) + 10000 slack%n", bound.toMillis(), heartbeat.toMillis(),
        pause.toMillis(), firstHeartbeat.toMillis(), reaper.toMillis(), gossip.toMillis(), election.toMillis());
    return bound;
  }
}
