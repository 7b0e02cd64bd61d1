package org.pekkoraft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeHealth;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.testkit.TestCertificates;

/** A node still recovering its journal keeps a bounded number of messages and refuses the rest; it keeps running. */
class RecoveryStashTest {

  private static final Config CONFIG = ConfigFactory.parseString("""
      pekko-raft.journal-plugin = "stalled-journal"
      stalled-journal.class = "org.pekkoraft.node.StalledJournal"
      pekko-raft.snapshot-plugin = "pekko.persistence.no-snapshot-store"
      pekko-raft { node-id = n1, members { n1 = "127.0.0.1:2551" } }
      """).withFallback(TestCertificates.nodeConfig()).withFallback(ConfigFactory.load());
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void requestsBeyondTheRecoveryStashAreRefusedAsNotLeader() {
    RaftSettings settings = RaftSettings.fromConfig(CONFIG);
    ActorRef<NodeProtocol.Command> node = testKit.spawn(NodeBehaviors.create(settings, new KvStateMachine(), 2));
    TestProbe<ClientResponse> client = testKit.createTestProbe();
    byte[] put = KvCodec.COMMANDS.encode(new KvCommand.Put("k", "v"));
    for (int i = 1; i <= 3; i++) {
      node.tell(new NodeProtocol.ClientRequest(0, i, 0, put, client.getRef()));
    }
    assertInstanceOf(ClientResponse.NotLeader.class, client.receiveMessage(Duration.ofSeconds(10)),
        "the request beyond the stash is refused at once");
    node.tell(new NodeProtocol.ClientRequest(0, 4, 0, put, client.getRef()));
    assertInstanceOf(ClientResponse.NotLeader.class, client.receiveMessage(Duration.ofSeconds(10)),
        "the node is still running, still recovering, still refusing what does not fit");
  }

  @Test
  void aRecoveringNodeAnswersHealthAtOnceSoThatALongReplayDoesNotLookDead() {
    RaftSettings settings = RaftSettings.fromConfig(CONFIG);
    ActorRef<NodeProtocol.Command> node = testKit.spawn(NodeBehaviors.create(settings, new KvStateMachine(), 2));
    TestProbe<NodeHealth> probe = testKit.createTestProbe();
    node.tell(new NodeProtocol.GetHealth(probe.getRef()));
    NodeHealth health = probe.receiveMessage(Duration.ofSeconds(10));
    assertTrue(health.recovering());
    assertEquals(settings.nodeId(), health.nodeId());
  }
}
