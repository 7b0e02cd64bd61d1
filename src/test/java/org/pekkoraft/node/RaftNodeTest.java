package org.pekkoraft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.Role;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.TestCluster;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeStatus;

/** One real node (LevelDB, Artery) driven by hand: durability across restarts and bad input. */
class RaftNodeTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static ClientResponse ask(TestCluster c, String node,
      java.util.function.Function<ActorRef<ClientResponse>, NodeProtocol.Command> message) throws Exception {
    return AskPattern.<NodeProtocol.Command, ClientResponse>ask(c.ref(node), message::apply, Duration.ofSeconds(5),
        c.clientSystem().scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aRestartedNodeRemembersItsTermAndVoteAndNeverVotesTwice() {
    try (TestCluster cluster = TestCluster.create(TestCluster.tempDir("vote"), 3, "")) {
      cluster.node("n1").start();
      String id = Await.value("n1 to answer", WAIT, () -> cluster.status("n1")).clusterId();
      cluster.ref("n1").tell(new NodeProtocol.PeerMessage(
          new RaftMessage.RequestVote(5, NodeId.of("n2"), 0, 0, false, false), "127.0.0.1:1", id, ""));
      Await.until("n1 to vote for n2 in term 5", WAIT, () -> {
        NodeStatus s = cluster.status("n1");
        return s != null && s.term() == 5 && NodeId.of("n2").equals(s.votedFor());
      });

      cluster.node("n1").crash();
      cluster.node("n1").start();
      NodeStatus recovered = Await.value("n1 to come back", WAIT, () -> cluster.status("n1"));
      assertEquals(5, recovered.term());
      assertEquals(NodeId.of("n2"), recovered.votedFor());
      assertTrue(recovered.role() != Role.LEADER, "a restarted node starts as a follower");

      cluster.ref("n1").tell(new NodeProtocol.PeerMessage(
          new RaftMessage.RequestVote(5, NodeId.of("n3"), 0, 0, false, false), "127.0.0.1:1", id, ""));
      cluster.ref("n1").tell(new NodeProtocol.PeerMessage(
          new RaftMessage.RequestVote(5, NodeId.of("n2"), 0, 0, false, false), "127.0.0.1:1", id, ""));
      Await.until("n1 to handle both requests", WAIT, () -> cluster.status("n1") != null);
      NodeStatus after = cluster.status("n1");
      assertEquals(5, after.term());
      assertEquals(NodeId.of("n2"), after.votedFor(), "the vote of term 5 stays with n2");
    }
  }

  @Test
  void messagesFromUnknownNodesAndOtherClustersAreIgnored() {
    try (TestCluster cluster = TestCluster.create(TestCluster.tempDir("unknown"), 3, "")) {
      cluster.node("n1").start();
      String id = Await.value("n1 to answer", WAIT, () -> cluster.status("n1")).clusterId();
      for (int i = 0; i < 3; i++) {
        cluster.ref("n1").tell(new NodeProtocol.PeerMessage(
            new RaftMessage.RequestVote(50, NodeId.of("stranger"), 99, 99, false, false), "127.0.0.1:1", id, ""));
        cluster.ref("n1").tell(new NodeProtocol.PeerMessage(
            new RaftMessage.RequestVote(60, NodeId.of("n2"), 99, 99, false, false), "127.0.0.1:1", "another", ""));
        cluster.ref("n1").tell(new NodeProtocol.PeerMessage(
            new RaftMessage.RequestVote(70, NodeId.of("n2"), 99, 99, false, false), "127.0.0.1:1", null, ""));
      }
      cluster.ref("n1").tell(new NodeProtocol.PeerMessage(
          new RaftMessage.RequestVote(7, NodeId.of("n3"), 0, 0, false, false), "127.0.0.1:1", id, ""));
      Await.until("n1 to take the known node's term", WAIT, () -> {
        NodeStatus s = cluster.status("n1");
        return s != null && s.term() == 7;
      });
      assertEquals(NodeId.of("n3"), cluster.status("n1").votedFor(),
          "neither the stranger's term 50 nor the terms of messages without this cluster's id were adopted");
    }
  }

  @Test
  void oversizedAndMalformedCommandsAreRefusedWithAReason() throws Exception {
    try (TestCluster cluster = TestCluster.start(TestCluster.tempDir("bad"), 1, "pekko-raft.max-command-bytes = 1KiB")) {
      cluster.awaitLeader(WAIT);
      byte[] big = KvCodec.COMMANDS.encode(new KvCommand.Put("k", "x".repeat(2000)));
      ClientResponse tooBig = ask(cluster, "n1", r -> new NodeProtocol.ClientRequest(0, 0, 0, big, r));
      assertInstanceOf(ClientResponse.Rejected.class, tooBig);
      assertTrue(((ClientResponse.Rejected) tooBig).reason().contains("pekko-raft.max-command-bytes"), tooBig.toString());

      ClientResponse garbage = ask(cluster, "n1", r -> new NodeProtocol.ClientRequest(0, 0, 0, new byte[] {'?'}, r));
      assertTrue(((ClientResponse.Rejected) garbage).reason().startsWith("malformed command"), garbage.toString());

      ClientResponse ok = ask(cluster, "n1",
          r -> new NodeProtocol.ClientRequest(0, 0, 0, KvCodec.COMMANDS.encode(new KvCommand.Put("k", "v")), r));
      assertInstanceOf(ClientResponse.Ok.class, ok, "the node still works after refusing bad input");
      assertEquals(1, cluster.kv().get("k").toCompletableFuture().get(10, TimeUnit.SECONDS).stream().count());
    }
  }
}
