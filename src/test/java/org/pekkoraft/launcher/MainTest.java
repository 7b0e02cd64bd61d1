package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Usage errors exit 2 with the usage on stderr; help exits 0 with it on stdout. No command here reaches a node. */
class MainTest {

  private static final List<String> COMMANDS = List.of("node", "cluster", "put", "get", "delete", "cas", "range",
      "txn", "status", "members", "add-member", "remove-member", "transfer-leader", "demo");

  @Test
  void noArgumentsPrintTheUsageAndExit2() {
    Cli.Result r = Cli.run();
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().startsWith("usage: raft COMMAND"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void helpPrintsTheUsageOnStdoutAndExits0() {
    for (String help : List.of("--help", "-h", "help")) {
      Cli.Result r = Cli.run(help);
      assertEquals(ExitCodes.OK, r.code(), help);
      for (String command : COMMANDS) {
        assertTrue(r.out().contains("  " + command + " "), command + " missing from\n" + r.out());
      }
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : COMMANDS) {
      Cli.Result r = Cli.run(command, "--help");
      assertEquals(ExitCodes.OK, r.code(), command);
      assertTrue(r.out().startsWith("usage: raft " + command), r.out());
      assertEquals("", r.err());
    }
  }

  @Test
  void anUnknownCommandExits2() {
    Cli.Result r = Cli.run("frobnicate", "x");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("raft: unknown command 'frobnicate'", r.errLines().get(0));
    assertTrue(r.err().contains("usage: raft COMMAND"), r.err());
  }

  @Test
  void anUnknownOptionExits2WithTheCommandsUsage() {
    for (String command : COMMANDS) {
      Cli.Result r = Cli.run(command, "--bogus");
      assertEquals(ExitCodes.USAGE, r.code(), command);
      assertEquals("raft: unknown option --bogus for '" + command + "'", r.errLines().get(0));
      assertTrue(r.err().contains("usage: raft " + command), r.err());
      assertEquals("", r.out());
    }
  }

  @Test
  void missingOrExtraArgumentsExit2() {
    for (String[] line : List.of(new String[] {"put", "k"}, new String[] {"get"}, new String[] {"delete", "a", "b"},
        new String[] {"cas", "k", "v"}, new String[] {"cas", "--absent", "k", "a", "b"},
        new String[] {"put", "k", "v", "--from-file", "-"}, new String[] {"cas", "--absent", "k", "--from-file", "-",
            "v"}, new String[] {"range"}, new String[] {"range", "a", "b", "c"},
        new String[] {"range", "--prefix", "a", "b"}, new String[] {"txn", "value", "k"},
        new String[] {"txn", "put", "k", "v"}, new String[] {"txn", "then", "put", "k"},
        new String[] {"txn", "then", "else", "delete", "k", "else"}, new String[] {"get", "--hex", "6"},
        new String[] {"demo", "now"}, new String[] {"members", "node-1"},
        new String[] {"remove-member", "4"}, new String[] {"transfer-leader", "--to", "2", "now"})) {
      Cli.Result r = Cli.run(line);
      assertEquals(ExitCodes.USAGE, r.code(), String.join(" ", line));
      assertTrue(r.err().contains("usage: raft " + line[0]), r.err());
    }
  }

  @Test
  void aBadTimeoutExits2BeforeContactingAnyNode() {
    Cli.Result r = Cli.run("get", "k", "--timeout", "soon");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.errLines().get(0).contains("--timeout"), r.err());
  }

  @Test
  void aMalformedNodesListExits2WithOneLine() {
    Cli.Result r = Cli.run("get", "k", "--nodes", "127.0.0.1:2551,localhost");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(List.of("raft: --nodes entry 'localhost' is not of the form host:port"), r.errLines());
  }

  @Test
  void aNodeNeedsAnIdOrAConfigFile() {
    Cli.Result r = Cli.run("node");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.errLines().get(0).contains("--id N"), r.err());
  }

  @Test
  void aClusterLargerThanTheConfFilesExits2BeforeStartingAnything() {
    Cli.Result r = Cli.run("cluster", "--nodes", "9");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().contains("conf/node-6.conf does not exist"), r.err());
  }

  @Test
  void membershipCommandsCheckTheirOptionsBeforeContactingAnyNode() {
    assertUsage(Cli.run("add-member", "--id", "4"), "'add-member' needs --address HOST:PORT");
    assertUsage(Cli.run("add-member", "--id", "4", "--address", "127.0.0.1"), "--address '127.0.0.1' is not of"
        + " the form host:port");
    assertUsage(Cli.run("add-member", "--address", "127.0.0.1:2554"), "'add-member' needs --id N");
    assertUsage(Cli.run("remove-member"), "'remove-member' needs --id N");
    assertUsage(Cli.run("remove-member", "--id", "x/y"), "--id must be a node number");
    assertUsage(Cli.run("transfer-leader", "--id", "2"), "unknown option --id for 'transfer-leader'");
    assertUsage(Cli.run("transfer-leader"), "'transfer-leader' needs --to N");
    assertUsage(Cli.run("members", "--timeout", "0s"), "--timeout");
  }

  @Test
  void addMemberHelpSaysTheDefaultTimeoutAndTheExitCodes() {
    Cli.Result r = Cli.run("add-member", "--help");
    assertEquals(ExitCodes.OK, r.code());
    assertTrue(r.out().contains("(default 30s"), r.out());
    assertTrue(r.out().contains("1 refused"), r.out());
    assertTrue(r.out().contains("raft node --id N --join"), r.out());
  }

  private static void assertUsage(Cli.Result r, String message) {
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.errLines().get(0).startsWith("raft: "), r.err());
    assertTrue(r.errLines().get(0).contains(message), "expected '" + message + "' in " + r.err());
    assertTrue(r.err().contains("usage: raft "), r.err());
    assertEquals("", r.out());
  }
}
