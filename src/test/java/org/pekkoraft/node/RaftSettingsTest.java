package org.pekkoraft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.testkit.TestCertificates;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.journal.RaftJournal;

/** Invalid settings fail at start with a message that names the setting. */
class RaftSettingsTest {

  private static final String VALID = """
      pekko-raft { node-id = "a", members { a = "127.0.0.1:2551", b = "127.0.0.1:2552", c = "127.0.0.1:2553" } }
      pekko-raft.data-dir = "%s"
      """.formatted(tempDir());

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("settings");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static RaftSettings settings(String overrides) {
    return RaftSettings.fromConfig(ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString(VALID)).withFallback(TestCertificates.nodeConfig())
        .withFallback(ConfigFactory.load()).resolve());
  }

  private static String error(String overrides) {
    return assertThrows(RaftSettingsException.class, () -> settings(overrides)).getMessage();
  }

  @Test
  void validSettingsBecomeCoreOptionsInTicks() {
    RaftSettings s = settings("");
    RaftOptions o = s.coreOptions();
    assertEquals(15, o.electionTimeoutMinTicks());
    assertEquals(30, o.electionTimeoutMaxTicks());
    assertEquals(5, o.heartbeatTicks());
    assertEquals(3, s.bootstrapConfiguration().voters().size());
    assertEquals("127.0.0.1:2552", s.bootstrapConfiguration().endpoints().get(NodeId.of("b")));
  }

  @Test
  void electionTimeoutMinMustBeBelowMax() {
    assertEquals("pekko-raft.election-timeout-min (300ms) must be less than pekko-raft.election-timeout-max (150ms)",
        error("pekko-raft { election-timeout-min = 300ms, election-timeout-max = 150ms }"));
  }

  @Test
  void heartbeatMustBeBelowTheElectionTimeout() {
    assertTrue(error("pekko-raft.heartbeat-interval = 200ms").startsWith("pekko-raft.heartbeat-interval (200ms)"));
  }

  @Test
  void theSnapshotBoundReachesTheCoreAndMustHoldAChunkAndFitAnArray() {
    assertEquals(1L << 30, settings("").coreOptions().maxSnapshotBytes());
    assertEquals(64L << 20, settings("pekko-raft.snapshot.max-bytes = 64MiB").coreOptions().maxSnapshotBytes());
    assertTrue(error("pekko-raft.snapshot.max-bytes = 1KiB").startsWith("pekko-raft.snapshot.max-bytes (1024)"));
    assertTrue(error("pekko-raft.snapshot.max-bytes = 2GiB").startsWith("pekko-raft.snapshot.max-bytes"));
  }

  @Test
  void nodeIdMustBeSetAndKnown() {
    assertEquals("pekko-raft.node-id is not set", error("pekko-raft.node-id = \"\""));
    assertTrue(error("pekko-raft.node-id = z").startsWith("pekko-raft.node-id 'z' is not one of pekko-raft.members"));
  }

  @Test
  void aJoiningNodeNeedsNoMembershipEntry() {
    RaftSettings s = settings("pekko-raft { node-id = z, join = on }");
    assertTrue(s.bootstrapConfiguration().isEmpty());
  }

  @Test
  void memberAddressesMustBeHostAndPort() {
    assertTrue(error("pekko-raft.members.b = \"localhost\"").contains("pekko-raft.members.b 'localhost'"));
    assertTrue(error("pekko-raft.members.b = \"h:99999\"").contains("outside 1-65535"));
  }

  @Test
  void unknownReadModeIsNamed() {
    assertTrue(error("pekko-raft.read-mode = sometimes").startsWith("pekko-raft.read-mode 'sometimes'"));
  }

  @Test
  void fsyncCannotBeTurnedOff() {
    assertTrue(error("pekko-raft.journal.fsync = off").startsWith("pekko-raft.journal.fsync is off"));
  }

  @Test
  void anUnusableDataDirIsNamed() throws IOException {
    Path file = Files.createTempFile("not-a-dir", ".txt");
    String message = error("pekko-raft.data-dir = \"%s\"".formatted(file));
    assertTrue(message.startsWith("pekko-raft.data-dir: '" + file + "/journal' cannot be created"), message);
  }

  @Test
  void aMisspeltSettingFailsNamingItAndTheNearestValidOne() {
    String message = error("pekko-raft.heartbeat-intervall = 10ms");
    assertTrue(message.startsWith("unknown setting pekko-raft.heartbeat-intervall ("), message);
    assertTrue(message.contains("did you mean pekko-raft.heartbeat-interval?"), message);
    assertTrue(error("pekko-raft.snapshot.every = 5").contains("did you mean pekko-raft.snapshot.every-entries?"));
  }

  @Test
  void theShippedNodeConfigurationsHaveNoUnknownSettings() {
    for (int n = 1; n <= 5; n++) {
      UnknownSettings.check(ConfigFactory.load(ConfigFactory.parseFile(Path.of("conf/node-" + n + ".conf").toFile())));
    }
  }

  @Test
  void membersAndPluginSettingsAreFreeForm() {
    settings("""
        pekko-raft.members { a = "127.0.0.1:2551", b = "127.0.0.1:2552", c = "127.0.0.1:2553", d = "h:1" }
        pekko-raft.journal.compaction-intervals { x = 100 }
        """);
  }

  @Test
  void theDataDirIsRequiredByTheDefaultStorage() {
    assertTrue(error("pekko-raft.data-dir = \"\"").startsWith("pekko-raft.data-dir is not set"));
  }

  @Test
  void anUnconfiguredPluginIsNamed() {
    assertTrue(error("pekko-raft.journal-plugin = my-journal")
        .startsWith("pekko-raft.journal-plugin is 'my-journal', but the configuration has no my-journal.class"));
  }

  @Test
  void theStockSnapshotStoreIsRefused() {
    assertTrue(error("pekko-raft.snapshot-plugin = \"pekko.persistence.snapshot-store.local\"")
        .contains("does not sync snapshots"));
  }

  @Test
  void theJournalDirectoriesLieUnderTheDataDir() {
    RaftSettings s = settings("");
    RaftJournal.Plugins plugins = s.journalPlugins();
    assertEquals("pekko-raft.journal", plugins.journal());
    assertEquals(s.dataDir().get().resolve("journal").toString(),
        plugins.journalConfig().getString("pekko-raft.journal.dir"));
    assertEquals(s.dataDir().get().resolve("snapshots").toString(),
        plugins.snapshotConfig().getString("pekko-raft.snapshot-store.dir"));
    assertEquals(java.util.Optional.of("pekko-raft.journal.dispatcher"), s.journalDispatcher(),
        "the journal actor shares the group-commit journal's thread");
  }

  @Test
  void withAnotherJournalTheJournalActorRunsOnTheDefaultDispatcher() {
    assertEquals(java.util.Optional.empty(), settings("pekko-raft.journal-plugin = \"stock-journal\"\n"
        + "stock-journal = ${pekko.persistence.journal.leveldb}").journalDispatcher());
  }

  @Test
  void aWrongTypeIsReportedWithTheKey() {
    assertTrue(error("pekko-raft.max-inflight-appends = lots").contains("max-inflight-appends"));
  }

  @Test
  void quiescenceIsOffByDefaultAndReachesTheCore() {
    assertFalse(settings("").coreOptions().quiesce());
    assertTrue(settings("pekko-raft.quiesce = on").coreOptions().quiesce());
    assertTrue(error("pekko-raft.quiesce = sometimes").contains("quiesce"));
    assertTrue(error("pekko-raft.quiesec = off").contains("did you mean pekko-raft.quiesce"));
  }

  @Test
  void theJoinProofMustBeThePeerSecrets() {
    assertTrue(error("pekko-raft.security.join-proof = \"\"").startsWith(
        "pekko-raft.security.join-proof is not the proof of the peer secret in " + TestCertificates.dir("node")));
  }

  @Test
  void withoutAPeerSecretTheJoinProofMustBeEmpty() {
    assertTrue(error("pekko-raft.security { dir = \"\", join-proof = \"0123\" }").startsWith(
        "pekko-raft.security.join-proof is set, but this node has no peer secret"));
    settings("pekko-raft.security { dir = \"\", join-proof = \"\" }");
  }
}
