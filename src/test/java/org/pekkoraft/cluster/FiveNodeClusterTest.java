package org.pekkoraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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

/** Five real nodes in one JVM: failover time, minorities, and every node crashing in turn under load. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiveNodeClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private TestCluster cluster;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(TestCluster.tempDir("five"), 5);
    cluster.awaitLeader(WAIT);
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @BeforeEach
  void everyNodeUpAndConnected() {
    cluster.ids().stream().filter(id -> !cluster.node(id).running()).forEach(id -> cluster.node(id).start());
    cluster.heal();
    Verify.converged(cluster, WAIT);
  }

  private Set<String> without(Set<String> all, String... ids) {
    Set<String> rest = new HashSet<>(all);
    rest.removeAll(List.of(ids));
    return rest;
  }

  @Test
  void aNewLeaderIsElectedWithinFiveSecondsOfCuttingOffTheOld() throws Exception {
    String old = cluster.awaitLeader(WAIT);
    long cut = System.nanoTime();
    cluster.partition(Set.of(old));
    String next = cluster.awaitLeader(Duration.ofSeconds(5), without(new HashSet<>(cluster.ids()), old));
    long elapsedMs = (System.nanoTime() - cut) / 1_000_000;
    System.out.printf("new leader %s %d ms after cutting off %s%n", next, elapsedMs, old);
    assertNotEquals(old, next);
    assertTrue(elapsedMs < 5000, "failover took " + elapsedMs + " ms");
    cluster.kv().put("after-failover", "ok").toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aMinorityElectsNoLeaderAndCommitsNothing() throws Exception {
    String old = cluster.awaitLeader(WAIT);
    String follower = without(new HashSet<>(cluster.ids()), old).iterator().next();
    Set<String> minority = Set.of(old, follower);
    Set<String> majority = without(new HashSet<>(cluster.ids()), old, follower);
    cluster.partition(minority);
    cluster.awaitLeader(WAIT, majority);
    Await.until("the old leader to step down", WAIT, () -> cluster.status(old).role() != Role.LEADER);
    long minorityCommit = cluster.status(old).commitIndex();
    CompletableFuture<ClientResponse> write = AskPattern.<NodeProtocol.Command, ClientResponse>ask(cluster.ref(old),
        r -> new NodeProtocol.ClientRequest(0, 0, 0, KvCodec.COMMANDS.encode(new KvCommand.Put("minority", "x")), r),
        Duration.ofSeconds(5), cluster.clientSystem().scheduler()).toCompletableFuture();
    assertInstanceOf(ClientResponse.NotLeader.class, write.get(10, TimeUnit.SECONDS));

    WriteLoad load = new WriteLoad(cluster.kv(), "majority-side", 2);
    Await.during("no leader and no new commits in the minority", Duration.ofSeconds(2), () -> minority.stream()
        .map(cluster::status)
        .allMatch(s -> s != null && s.role() != Role.LEADER && s.commitIndex() == minorityCommit));
    Map<String, String> acknowledged = load.stop();
    assertTrue(acknowledged.size() > 10, "the majority kept committing: " + acknowledged.size());
    cluster.heal();
    Verify.converged(cluster, WAIT);
    assertTrue(Verify.unreadable(cluster.kv(), acknowledged).isEmpty());
  }

  @Test
  void everyNodeCrashingInTurnUnderLoadLosesNoAcknowledgedWrite() throws Exception {
    WriteLoad load = new WriteLoad(cluster.kv(), "turns", 4);
    int target = 50;
    for (String id : cluster.ids()) {
      load.awaitAcknowledged(target, WAIT);
      cluster.node(id).crash();
      target += 100;
      load.awaitAcknowledged(target, WAIT);
      cluster.node(id).start();
    }
    Map<String, String> acknowledged = load.stop();
    Verify.converged(cluster, WAIT);
    List<String> lost = Verify.unreadable(cluster.kv(), acknowledged);
    assertEquals(List.of(), lost, "acknowledged writes lost");
    for (String id : cluster.ids()) {
      NodeStatus s = cluster.status(id);
      assertEquals(cluster.status(cluster.awaitLeader(WAIT)).lastLogIndex(), s.lastApplied(), id + " caught up");
    }
  }
}
