package org.pekkoraft.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.testkit.TestCertificates;

/** Fail-stop: a node whose journal cannot write stops, loudly, rather than running on state it could not save. */
class JournalFailureTest {

  private static final Config CONFIG = ConfigFactory.parseString("""
      pekko-raft { node-id = "n1", members { n1 = "127.0.0.1:1" }, initial-cluster-state = new }
      pekko-raft.journal-plugin = "pekko.persistence.testkit.journal"
      pekko-raft.snapshot-plugin = "pekko.persistence.no-snapshot-store"
      """).withFallback(PersistenceTestKitPlugin.getInstance().config())
      .withFallback(TestCertificates.nodeConfig()).withFallback(ConfigFactory.load());

  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aFailedWriteStopsTheNode() {
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    journal.failNextPersisted();
    TestProbe<Object> watcher = testKit.createTestProbe();
    LoggingTestKit.error("journal stopped after a storage failure").withOccurrences(1).expect(testKit.system(), () -> {
      ActorRef<NodeProtocol.Command> node =
          testKit.spawn(RaftNode.create(RaftSettings.fromConfig(CONFIG), new KvStateMachine()), "raft");
      watcher.expectTerminated(node, Duration.ofSeconds(10));
      return node;
    });
  }
}
