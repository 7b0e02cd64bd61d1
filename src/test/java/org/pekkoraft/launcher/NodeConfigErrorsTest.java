package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pekkoraft.testkit.Ports;

/**
 * {@code raft node} refuses a bad start with one line and exit 2 and writes nothing. If a check let a bad start
 * through, the node would run and the timeout would fail the test.
 */
@Timeout(60)
class NodeConfigErrorsTest {

  @TempDir
  Path dir;

  @Test
  void aMalformedFileIsNamedWithItsLine() {
    Path data = dir.resolve("data");
    Path conf = Cli.write(dir.resolve("broken.conf"), "pekko-raft {\n  node-id = \"node-1\"\n  members = [\n");
    Cli.Result r = Cli.run("node", "--config", conf.toString());
    assertOneLineError(r, "broken.conf");
    assertTrue(r.err().contains(":"), r.err());
    assertEquals(List.of(), Cli.contents(data));
  }

  @Test
  void aMissingNodeIdIsReported() {
    Path data = dir.resolve("data");
    Path conf = Cli.nodeConf(dir, "no-id", Ports.free(), data, "pekko-raft.node-id = \"\"");
    Cli.Result r = Cli.run("node", "--config", conf.toString());
    assertOneLineError(r, "pekko-raft.node-id is not set");
    assertEquals(List.of(), Cli.contents(data));
  }

  @Test
  void fsyncOffIsRefused() {
    Path data = dir.resolve("data");
    Path conf = Cli.nodeConf(dir, "unsafe", Ports.free(), data, "pekko-raft.journal.fsync = off");
    Cli.Result r = Cli.run("node", "--config", conf.toString());
    assertOneLineError(r, "fsync is off");
    assertEquals(List.of(), Cli.contents(data));
  }

  @Test
  void anIdThatContradictsTheFileIsRefused() {
    Path data = dir.resolve("data");
    Path conf = Cli.nodeConf(dir, "one", Ports.free(), data, "");
    Cli.Result r = Cli.run("node", "--id", "2", "--config", conf.toString());
    assertOneLineError(r, "is for node 'node-1', not node-2");
    assertEquals(List.of(), Cli.contents(data));
  }

  @Test
  void anInitialMemberWithAnEmptyDataDirectoryRefusesUnlessTheClusterIsNew() {
    Path data = dir.resolve("data");
    Path conf = Cli.nodeConf(dir, "lost", Ports.free(), data, "pekko-raft.initial-cluster-state = existing");
    Cli.Result r = Cli.run("node", "--config", conf.toString());
    assertOneLineError(r, "node-1 has no data");
    assertTrue(r.err().contains("bin/raft remove-member") && r.err().contains("initial-cluster-state = new"),
        "the error says how to re-add the node and how to bootstrap: " + r.err());
    assertTrue(Cli.contents(data).stream().allMatch(Files::isDirectory), "nothing was written: " + Cli.contents(data));
  }

  @Test
  void aMissingFileIsReported() {
    Cli.Result r = Cli.run("node", "--config", dir.resolve("nowhere.conf").toString());
    assertOneLineError(r, "nowhere.conf does not exist");
  }

  @Test
  void aPortInUseIsReportedBeforeAnythingIsWritten() throws IOException {
    Path data = dir.resolve("data");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      Path conf = Cli.nodeConf(dir, "busy", taken.getLocalPort(), data, "");
      Cli.Result r = Cli.run("node", "--config", conf.toString());
      assertOneLineError(r, "port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
    }
    assertEquals(List.of(), Cli.contents(data));
  }

  @Test
  void aDataDirectoryLockedByAnotherProcessIsReportedAndLeftAlone() throws Exception {
    Path data = dir.resolve("data");
    try (LockHolder holder = LockHolder.start(data.resolve("journal"))) {
      List<Path> before = Cli.contents(data);
      Path conf = Cli.nodeConf(dir, "second", Ports.free(), data, "");
      Cli.Result r = Cli.run("node", "--config", conf.toString());
      assertOneLineError(r, "is locked by another running node (LevelDB LOCK is held)");
      assertEquals(before, Cli.contents(data));
    }
  }

  @Test
  void joinIsRefusedForAnInitialVoterWhoseDataDirectoryHoldsALog() throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("journal"));
    Files.writeString(data.resolve("journal").resolve("CURRENT"), "MANIFEST-000001\n");
    List<Path> before = Cli.contents(data);
    Path conf = Cli.nodeConf(dir, "voter", Ports.free(), data, "");
    Cli.Result r = Cli.run("node", "--config", conf.toString(), "--join");
    assertOneLineError(r, "--join is for a node with an empty data directory, but ");
    assertTrue(r.err().contains("already holds node-1's log: start it without --join"), r.err());
    assertEquals(before, Cli.contents(data));
  }

  private static void assertOneLineError(Cli.Result r, String expected) {
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertEquals(1, r.errLines().size(), "one line expected:\n" + r.err());
    assertTrue(r.err().startsWith("raft: "), r.err());
    assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    assertEquals("", r.out());
  }
}
