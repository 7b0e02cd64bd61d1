package org.pekkoraft.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.testkit.TestCertificates;

/**
 * A node whose data directory holds a journal it cannot read (here any other LevelDB database, as an earlier build's
 * Pekko LevelDB journal would be) stops at once, saying why, instead of waiting out a recovery timeout.
 */
class ForeignJournalTest {

  @Test
  void aNodeOnAJournalOfAnotherFormatStopsAtOnceSayingWhy() throws Exception {
    Path data = Files.createTempDirectory("foreign-journal");
    DB foreign = JniDBFactory.factory.open(data.resolve("journal").toFile(), new Options().createIfMissing(true));
    foreign.put(new byte[] {1}, new byte[] {2});
    foreign.close();
    Config config = ConfigFactory.parseString("""
        pekko-raft { node-id = n1, members { n1 = "127.0.0.1:2551" }, data-dir = "%s" }
        """.formatted(data)).withFallback(TestCertificates.nodeConfig()).withFallback(ConfigFactory.load());
    ActorTestKit testKit = ActorTestKit.create(config);
    try {
      TestProbe<Object> watcher = testKit.createTestProbe();
      LoggingTestKit.error("is not a pekko-raft journal").withOccurrences(1).expect(testKit.system(), () -> {
        ActorRef<NodeProtocol.Command> node = testKit.spawn(
            RaftNode.create(RaftSettings.fromConfig(config), new KvStateMachine()), "raft");
        watcher.expectTerminated(node, Duration.ofSeconds(5));
        return node;
      });
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
