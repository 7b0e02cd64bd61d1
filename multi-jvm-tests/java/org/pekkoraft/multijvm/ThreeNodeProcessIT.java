package org.pekkoraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.Verify;
import org.pekkoraft.testkit.WriteLoad;
import org.pekkoraft.protocol.NodeProtocol;

/**
 * Three node processes, started once (JVM start-up dominates on a small machine); the scenarios run in order on
 * the same cluster, and every acknowledged write of every scenario must still be readable at the end of each.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeProcessIT extends ProcessClusterFixture {

  /** The leader the kill scenario left dead, for the restart scenario. */
  private String killed;

  ThreeNodeProcessIT() {
    super("three", 3);
  }

  @Test
  @Order(1)
  void formsAClusterAndAcknowledgesAFirstWrite() throws Exception {
    cluster.status().awaitLeader(WAIT);
    kv.put("first", "hello").toCompletableFuture().get(60, TimeUnit.SECONDS);
    acknowledged.put("first", "hello");
    assertEquals(Optional.of("hello"), kv.get("first").toCompletableFuture().get(30, TimeUnit.SECONDS));
    cluster.status().awaitConverged(WAIT);
    for (String id : cluster.ids()) {
      assertEquals(3, cluster.status().of(id).voters().size(), id + " knows every voter");
    }
  }

  @Test
  @Order(2)
  void killingTheLeaderUnderLoadLosesNoAcknowledgedWrite() throws Exception {
    cluster.restoreAll();
    WriteLoad load = new WriteLoad(kv, "kill", 4);
    load.awaitAcknowledged(100, WAIT);
    Failover.Measured failover = Failover.killLeader(cluster, "3 nodes");
    killed = failover.killed();
    assertNotEquals(killed, failover.newLeader(), "the write after the kill was acknowledged by a new leader");
    int atKill = load.acknowledgedCount();
    load.awaitAcknowledged(atKill + 100, WAIT);
    acknowledged.putAll(load.stop());
    assertNotEquals(killed, cluster.status().awaitLeader(WAIT, cluster.others(killed)));
  }

  @Test
  @Order(3)
  void aKilledNodeRestartedOnItsDataDirCatchesUp() throws Exception {
    String node = killed != null && !cluster.node(killed).running() ? killed : killAFollower();
    WriteLoad load = new WriteLoad(kv, "restart", 2);
    load.awaitAcknowledged(50, WAIT);
    cluster.node(node).start();
    cluster.status().awaitAnswer(node, WAIT);
    String leader = cluster.status().awaitLeader(WAIT);
    long commitAfterRestart = cluster.status().of(leader).commitIndex();
    Await.until(node + " to apply the leader's commitIndex " + commitAfterRestart + " under load", WAIT, () -> {
      NodeStatus s = cluster.status().of(node);
      return s != null && s.lastApplied() >= commitAfterRestart;
    });
    acknowledged.putAll(load.stop());
    cluster.status().awaitConverged(WAIT);
    // Reads are served by the leader's state machine: lead with the restarted node and read everything from it.
    makeLeader(node);
    assertEquals(List.of(), Verify.unreadable(kv, acknowledged), "missing on the restarted node");
  }

  @Test
  @Order(4)
  void aLeaderPartitionedIntoAMinorityCommitsNothingWhileTheMajorityCommits() throws Exception {
    cluster.restoreAll();
    String old = cluster.status().awaitLeader(WAIT);
    Set<String> majority = cluster.others(old);
    cluster.partition(Set.of(old));
    long commitAtCut = cluster.status().of(old).commitIndex();
    // Straight to the cut-off leader, with no retry elsewhere: it may append this, but must never commit it.
    CompletableFuture<ClientResponse> direct = AskPattern.<NodeProtocol.Command, ClientResponse>ask(cluster.ref(old),
        r -> new NodeProtocol.ClientRequest(0, 0, 0, KvCodec.COMMANDS.encode(new KvCommand.Put("minority", "x")), r),
        Duration.ofSeconds(120), cluster.clientSystem().scheduler()).toCompletableFuture();
    WriteLoad load = new WriteLoad(kv, "majority", 4);
    String next = cluster.status().awaitLeader(WAIT, majority);
    Await.until(old + " to step down (check-quorum)", WAIT,
        () -> Optional.ofNullable(cluster.status().of(old)).map(s -> s.role() != Role.LEADER).orElse(false));
    long majorityCommit = cluster.status().of(next).commitIndex();
    Await.during("the cut-off node to elect nobody and commit nothing", Duration.ofSeconds(3), () -> {
      NodeStatus s = cluster.status().of(old);
      return s == null || s.role() != Role.LEADER && s.commitIndex() == commitAtCut;
    });
    load.awaitAcknowledged(load.acknowledgedCount() + 50, WAIT);
    assertTrue(cluster.status().of(next).commitIndex() > majorityCommit, "the majority kept committing");
    assertTrue(!direct.isDone() || direct.get() instanceof ClientResponse.NotLeader, "minority answered " + direct);
    cluster.heal();
    acknowledged.putAll(load.stop());
    cluster.status().awaitConverged(WAIT);
    assertInstanceOf(ClientResponse.NotLeader.class, direct.get(120, TimeUnit.SECONDS),
        "the write the cut-off leader took was refused once its entry was overwritten");
    assertEquals(Optional.empty(), kv.get("minority").toCompletableFuture().get(30, TimeUnit.SECONDS),
        "the minority's write was never committed");
  }

  @Test
  @Order(5)
  void aLeaderStoppedCleanlyAndRestartedIsReachableAgainAndLeads() throws Exception {
    cluster.restoreAll();
    String old = cluster.status().awaitLeader(WAIT);
    // A clean shutdown tells every peer and client that this incarnation is gone: unlike after kill -9, they must
    // find the next one on their own.
    assertEquals(0, cluster.node(old).stop(), "exit code after SIGTERM");
    kv.put("after-stop", "yes").toCompletableFuture().get(60, TimeUnit.SECONDS);
    acknowledged.put("after-stop", "yes");
    cluster.node(old).start();
    cluster.status().awaitAnswer(old, WAIT);
    cluster.status().awaitConverged(WAIT);
    makeLeader(old);
    kv.put("led-by-restarted", "yes").toCompletableFuture().get(60, TimeUnit.SECONDS);
    acknowledged.put("led-by-restarted", "yes");
    assertEquals(List.of(), Verify.unreadable(kv, acknowledged), "read from the restarted node");
  }

  @Test
  @Order(6)
  void killingEveryNodeAtOnceLosesNoAcknowledgedWrite() throws Exception {
    cluster.restoreAll();
    // A short deadline: the writes in flight at the crash give up soon instead of waiting for the restart.
    WriteLoad load = new WriteLoad(new KvClient(cluster.client(Duration.ofMillis(500), Duration.ofSeconds(3))),
        "all", 4);
    load.awaitAcknowledged(200, WAIT);
    // No node is left holding anything in memory: what survives is what each node wrote before it answered.
    cluster.ids().forEach(id -> cluster.node(id).kill());
    acknowledged.putAll(load.stop());
    cluster.ids().forEach(id -> cluster.node(id).start());
    cluster.status().awaitLeader(WAIT);
    kv.put("after-all-crashed", "yes").toCompletableFuture().get(60, TimeUnit.SECONDS);
    acknowledged.put("after-all-crashed", "yes");
    cluster.status().awaitConverged(WAIT);
  }

  @Test
  @Order(7)
  // Runs as long as -Dnemesis.seconds says; every wait inside it has its own deadline.
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void underANemesisTheHistoryIsLinearizableAndNoAcknowledgedWriteIsLost() throws Exception {
    NemesisRun.run(cluster, "3 nodes");
  }

  private String killAFollower() {
    String leader = cluster.status().awaitLeader(WAIT);
    String follower = cluster.others(leader).iterator().next();
    cluster.node(follower).kill();
    return follower;
  }

  /** Hands leadership to {@code node}, asking again until it holds (a transfer can time out on a busy machine). */
  private void makeLeader(String node) {
    Await.until(node + " to lead after a leadership transfer", WAIT, () -> {
      if (node.equals(cluster.status().awaitLeader(WAIT))) {
        return true;
      }
      try {
        kv.raftClient().transferLeadership(NodeId.of(node)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Refused or timed out: ask again on the next round.
      }
      return node.equals(cluster.status().awaitLeader(WAIT));
    });
  }
}
