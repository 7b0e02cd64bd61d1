package org.pekkoraft.node;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.testkit.TestCertificates;

/** Two nodes given one data directory: the second refuses to start, with one clear line, and the first runs on. */
class DataDirLockTest {

  private static final Path DATA = tempDir();
  // A journal that never finishes recovering keeps the first node running without touching the disk.
  private static final Config CONFIG = ConfigFactory.parseString("""
      pekko-raft.journal-plugin = "stalled-journal"
      stalled-journal.class = "org.pekkoraft.node.StalledJournal"
      pekko-raft.snapshot-plugin = "pekko.persistence.no-snapshot-store"
      pekko-raft { node-id = n1, members { n1 = "127.0.0.1:2551" }, data-dir = "%s" }
      """.formatted(DATA)).withFallback(TestCertificates.nodeConfig()).withFallback(ConfigFactory.load());
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("lock");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aSecondHolderInThisJvmIsRefusedUntilTheFirstReleases() throws Exception {
    Path dir = Files.createTempDirectory("lock");
    DataDirLock first = DataDirLock.acquire(dir);
    DataDirLock.HeldElsewhere refused = assertThrows(DataDirLock.HeldElsewhere.class, () -> DataDirLock.acquire(dir));
    assertTrue(refused.getMessage().contains("give each node a directory of its own"),
        refused.getMessage());
    first.release();
    DataDirLock.acquire(dir).release();
  }

  @Test
  void aSecondNodeOnTheSameDataDirStopsAndTheFirstRunsOn() throws Exception {
    RaftSettings settings = RaftSettings.fromConfig(CONFIG);
    TestProbe<Object> watcher = testKit.createTestProbe();
    ActorRef<NodeProtocol.Command> first = testKit.spawn(RaftNode.create(settings, new KvStateMachine()));
    LoggingTestKit.error("is in use by another running node").withOccurrences(1).expect(testKit.system(), () -> {
      ActorRef<NodeProtocol.Command> second = testKit.spawn(RaftNode.create(settings, new KvStateMachine()));
      watcher.expectTerminated(second, Duration.ofSeconds(10));
      return second;
    });
    testKit.stop(first);
    watcher.expectTerminated(first, Duration.ofSeconds(10));
    DataDirLock.acquire(DATA).release();   // a stopped node has let go of its directory
  }
}
