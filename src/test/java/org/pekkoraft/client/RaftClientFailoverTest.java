package org.pekkoraft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.testkit.TestCertificates;

/**
 * How {@link RaftClient} finds the leader, against three scripted nodes over Artery: each answers queries as its
 * {@link Mode} says (a result naming itself, a redirect, or nothing) and counts what it received.
 */
class RaftClientFailoverTest {

  private static final NodeId N1 = NodeId.of("n1");
  private static final NodeId N2 = NodeId.of("n2");
  private static final NodeId N3 = NodeId.of("n3");
  private static final Duration ATTEMPT = Duration.ofSeconds(1);

  /**
   * What a scripted node answers to the {@code count}th ask of the query tagged {@code tag} (its one byte);
   * {@code null} means no answer at all.
   */
  interface Mode {
    ClientResponse answer(int tag, int count);
  }

  private final Map<NodeId, FakeNode> nodes = new LinkedHashMap<>();
  private ActorSystem<Void> clientSystem;

  @BeforeEach
  void start() {
    for (NodeId id : List.of(N1, N2, N3)) {
      nodes.put(id, new FakeNode(id));
    }
    clientSystem = ActorSystem.create(Behaviors.empty(), "client", systemConfig());
  }

  @AfterEach
  void stop() {
    nodes.values().forEach(n -> n.system.terminate());
    clientSystem.terminate();
  }

  @Test
  void whenTheLeaderFallsSilentTheOtherNodesAreAskedAtOnceNotInTurn() throws Exception {
    RaftClient client = client(Duration.ofMillis(1800));
    n1LeadsAndAnswersAFirstQuery(client);

    // n1 dies; n2 too is silent (a partition), and n3 has won the election. Trying nodes in turn after n1's
    // timeout could not also wait out n2's within the deadline; asking both at once finds n3 at once.
    silent(N1);
    silent(N2);
    leads(N3);
    assertEquals("n3", query(client, 2));
    assertEquals(N3, client.leaderGuess());
    assertTrue(nodes.get(N2).received(2) >= 1, "n2 was asked alongside n3");
  }

  @Test
  void oneTimeoutKeepsTheLeaderGuessAndTheLeaderIsAskedAgain() throws Exception {
    RaftClient client = client(Duration.ofSeconds(10));
    n1LeadsAndAnswersAFirstQuery(client);

    // n1 misses the first ask of query 2 (a pause), then answers again.
    nodes.get(N1).mode.set((tag, count) -> tag == 2 && count == 1 ? null : ok(N1));
    assertEquals("n1", query(client, 2));
    assertEquals(N1, client.leaderGuess());
    assertEquals(2, nodes.get(N1).received(2), "asked again after its timeout");

    assertEquals("n1", query(client, 3));
    assertEquals(0, nodes.get(N2).received(3), "the next request goes to the leader alone");
    assertEquals(0, nodes.get(N3).received(3), "the next request goes to the leader alone");
  }

  @Test
  void aRedirectIsFollowedBeforeAnyOtherNodeIsAsked() throws Exception {
    RaftClient client = client(Duration.ofSeconds(10));
    n1LeadsAndAnswersAFirstQuery(client);

    follows(N1, N3);
    leads(N3);
    assertEquals("n3", query(client, 2));
    assertEquals(N3, client.leaderGuess());
    assertEquals(0, nodes.get(N2).received(2), "n1's hint led straight to n3");
  }

  /** n1 leads, the others point to it, and the client has found it (its leader guess). */
  private void n1LeadsAndAnswersAFirstQuery(RaftClient client) throws Exception {
    leads(N1);
    follows(N2, N1);
    follows(N3, N1);
    assertEquals("n1", query(client, 1));
  }

  private void leads(NodeId id) {
    nodes.get(id).mode.set((tag, count) -> ok(id));
  }

  private void follows(NodeId id, NodeId leader) {
    nodes.get(id).mode.set((tag, count) -> new ClientResponse.NotLeader(leader, nodes.get(leader).endpoint()));
  }

  private void silent(NodeId id) {
    nodes.get(id).mode.set((tag, count) -> null);
  }

  private static ClientResponse ok(NodeId id) {
    return new ClientResponse.Ok(id.value().getBytes(StandardCharsets.UTF_8));
  }

  private RaftClient client(Duration deadline) {
    Map<NodeId, String> endpoints = new LinkedHashMap<>();
    nodes.forEach((id, node) -> endpoints.put(id, node.endpoint()));
    return RaftClient.create(clientSystem, RaftClientSettings.of(endpoints).withAttemptTimeout(ATTEMPT)
        .withDeadline(deadline).withSessions(false));
  }

  private static String query(RaftClient client, int tag) throws Exception {
    byte[] answer = client.query(new byte[] {(byte) tag}).toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new String(answer, StandardCharsets.UTF_8);
  }

  private static Config systemConfig() {
    return ConfigFactory.parseString("""
        pekko.actor.provider = remote
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """).withFallback(TestCertificates.nodeConfig()).withFallback(ConfigFactory.load()).resolve();
  }

  /** A node's ActorSystem with a scripted "raft" actor. */
  private static final class FakeNode {
    final AtomicReference<Mode> mode = new AtomicReference<>((tag, count) -> null);
    private final Map<Integer, AtomicInteger> received = new ConcurrentHashMap<>();
    final ActorSystem<Void> system;

    FakeNode(NodeId id) {
      system = ActorSystem.create(Behaviors.setup(ctx -> {
        ctx.spawn(behavior(), "raft");
        return Behaviors.empty();
      }), "raft", systemConfig());
    }

    private Behavior<NodeProtocol.Command> behavior() {
      return Behaviors.receive(NodeProtocol.Command.class)
          .onMessage(NodeProtocol.ClientQuery.class, q -> {
            int tag = q.query()[0];
            int count = received.computeIfAbsent(tag, t -> new AtomicInteger()).incrementAndGet();
            ClientResponse answer = mode.get().answer(tag, count);
            if (answer != null) {
              q.replyTo().tell(answer);
            }
            return Behaviors.same();
          })
          .build();
    }

    /** Asks of the query tagged {@code tag} that reached this node. */
    int received(int tag) {
      AtomicInteger count = received.get(tag);
      return count == null ? 0 : count.get();
    }

    String endpoint() {
      var address = system.address();
      return address.getHost().get() + ":" + address.getPort().get();
    }
  }
}
