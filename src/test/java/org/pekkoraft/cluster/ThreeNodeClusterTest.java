package org.pekkoraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.TestCluster;
import org.pekkoraft.testkit.Verify;
import org.pekkoraft.testkit.WriteLoad;
import org.pekkoraft.protocol.NodeProtocol;

/** Three real nodes (ActorSystems over Artery, LevelDB with fsync) in one JVM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private TestCluster cluster;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(TestCluster.tempDir("three"), 3);
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @BeforeEach
  void everyNodeUpAndConnected() {
    for (String id : cluster.ids()) {
      if (!cluster.node(id).running()) {
        cluster.node(id).start();
      }
    }
    cluster.heal();
  }

  private Set<String> others(String id) {
    Set<String> rest = new HashSet<>(cluster.ids());
    rest.remove(id);
    return rest;
  }

  @Test
  @Order(1)
  void electsOneLeaderThatEveryoneFollows() {
    // Leadership may still change while connections warm up: wait for a state where it has settled.
    Await.until("one leader, followed by every other node in its term", WAIT, () -> {
      String leader = cluster.awaitLeader(WAIT);
      NodeStatus l = cluster.status(leader);
      return l != null && others(leader).stream().allMatch(id -> {
        NodeStatus s = cluster.status(id);
        return s != null && s.role() == Role.FOLLOWER && s.term() == l.term()
            && NodeId.of(leader).equals(s.leaderId());
      });
    });
  }

  @Test
  @Order(2)
  void replicatesManyCommandsToEveryNode() throws Exception {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      writes.add(cluster.kv().put("many-" + i, "value-" + i).toCompletableFuture());
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    Verify.converged(cluster, WAIT);
    assertEquals(Optional.of("value-1234"), cluster.kv().get("many-1234").toCompletableFuture().get(10,
        TimeUnit.SECONDS));
  }

  @Test
  @Order(3)
  void anIsolatedFollowerNeitherDisruptsNorFallsBehindForGood() throws Exception {
    String leader = cluster.awaitLeader(WAIT);
    NodeStatus before = cluster.status(leader);
    String follower = others(leader).iterator().next();
    cluster.partition(Set.of(follower));
    WriteLoad load = new WriteLoad(cluster.kv(), "isolated", 4);
    load.awaitAcknowledged(200, WAIT);
    Await.until("several election timeouts on the isolated follower", WAIT, () -> {
      NodeStatus s = cluster.status(follower);
      return s != null && s.role() == Role.CANDIDATE;
    });
    assertEquals(before.term(), cluster.status(follower).term(), "pre-vote: cut off, it must not raise its term");
    cluster.heal();
    Map<String, String> acknowledged = load.stop();
    Verify.converged(cluster, WAIT);
    assertEquals(leader, cluster.awaitLeader(WAIT), "rejoining did not depose the leader");
    assertEquals(before.term(), cluster.status(leader).term());
    assertTrue(Verify.unreadable(cluster.kv(), acknowledged).isEmpty());
  }

  @Test
  @Order(4)
  void aLeaderCutOffIsReplacedAndStepsDown() throws Exception {
    String old = cluster.awaitLeader(WAIT);
    cluster.partition(Set.of(old));
    String next = cluster.awaitLeader(WAIT, others(old));
    assertNotEquals(old, next);
    Await.until("the cut-off leader to step down (check-quorum)", WAIT,
        () -> cluster.status(old).role() != Role.LEADER);
    cluster.kv().put("after-cut", "yes").toCompletableFuture().get(30, TimeUnit.SECONDS);
    cluster.heal();
    Verify.converged(cluster, WAIT);
    assertEquals(NodeId.of(next), cluster.status(old).leaderId());
  }

  @Test
  @Order(5)
  void repairsAFollowerWithALongDivergentLog() throws Exception {
    String old = cluster.awaitLeader(WAIT);
    cluster.partition(Set.of(old));
    ActorRef<ClientResponse> sink = cluster.clientSystem().systemActorOf(Behaviors.ignore(), "sink", Props.empty());
    for (int i = 0; i < 300; i++) {
      byte[] put = KvCodec.COMMANDS.encode(new KvCommand.Put("divergent-" + i, "lost"));
      cluster.ref(old).tell(new NodeProtocol.ClientRequest(0, 0, 0, put, sink));
    }
    Await.until("the isolated leader to append the divergent entries", WAIT,
        () -> cluster.status(old).lastLogIndex() >= cluster.status(old).commitIndex() + 300);
    cluster.awaitLeader(WAIT, others(old));
    WriteLoad load = new WriteLoad(cluster.kv(), "majority", 4);
    load.awaitAcknowledged(400, WAIT);
    Map<String, String> acknowledged = load.stop();
    cluster.heal();
    Verify.converged(cluster, WAIT);
    assertTrue(Verify.unreadable(cluster.kv(), acknowledged).isEmpty());
    for (int i = 0; i < 300; i += 37) {
      assertEquals(Optional.empty(), cluster.kv().get("divergent-" + i).toCompletableFuture().get(10,
          TimeUnit.SECONDS), "an uncommitted entry of the deposed leader survived");
    }
  }

  @Test
  @Order(6)
  void noAcknowledgedWriteIsLostWhenNodesCrashAndRestart() throws Exception {
    WriteLoad load = new WriteLoad(cluster.kv(), "crash", 4);
    load.awaitAcknowledged(100, WAIT);
    String leader = cluster.awaitLeader(WAIT);
    String follower = others(leader).iterator().next();
    cluster.node(follower).crash();
    load.awaitAcknowledged(300, WAIT);
    cluster.node(follower).start();
    cluster.node(leader).crash();
    load.awaitAcknowledged(500, WAIT);
    cluster.node(leader).start();
    load.awaitAcknowledged(700, WAIT);
    Map<String, String> acknowledged = load.stop();
    Verify.converged(cluster, WAIT);
    List<String> lost = Verify.unreadable(cluster.kv(), acknowledged);
    assertTrue(lost.isEmpty(), "acknowledged writes lost: " + lost);
  }
}
