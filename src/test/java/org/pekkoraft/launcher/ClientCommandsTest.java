package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.pekkoraft.testkit.Ports;
import org.pekkoraft.testkit.TestCertificates;
import org.pekkoraft.testkit.TestCluster;

/** The client commands' output and exit codes against a real three-node cluster (in this JVM, over Artery). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ClientCommandsTest {

  private TestCluster cluster;
  private String nodes;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(TestCluster.tempDir("cli"), 3, TestCertificates.tlsNodeSettings());
    cluster.awaitLeader(Duration.ofSeconds(60));
    nodes = cluster.ids().stream().map(id -> cluster.node(id).endpoint()).collect(Collectors.joining(","));
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void putThenGetPrintsTheValue() {
    assertResult(0, "OK", run("put", "colour", "blue"));
    assertResult(0, "blue", run("get", "colour"));
  }

  @Test
  void getOfAMissingKeyExits1() {
    assertResult(1, "not found", run("get", "never-written"));
  }

  @Test
  void deleteSaysWhetherTheKeyWasThere() {
    assertResult(0, "OK", run("put", "doomed", "x"));
    assertResult(0, "deleted", run("delete", "doomed"));
    assertResult(1, "not found", run("delete", "doomed"));
    assertResult(1, "not found", run("get", "doomed"));
  }

  @Test
  void casAppliesOnlyOnAMatch() {
    assertResult(0, "OK", run("put", "counter", "1"));
    assertResult(1, "mismatch: current value is 1", run("cas", "counter", "0", "2"));
    assertResult(0, "OK", run("cas", "counter", "1", "2"));
    assertResult(0, "2", run("get", "counter"));
  }

  @Test
  void casAbsentAppliesOnlyToAMissingKey() {
    assertResult(0, "OK", run("cas", "--absent", "lock", "me"));
    assertResult(1, "mismatch: current value is me", run("cas", "--absent", "lock", "you"));
    assertResult(0, "me", run("get", "lock"));
  }

  @Test
  void aValueMayStartWithADashAfterDoubleDash() {
    assertResult(0, "OK", run("put", "--", "temperature", "-5"));
    assertResult(0, "-5", run("get", "temperature"));
  }

  /** Bytes 0x80 'b' 'i' 'n': not UTF-8, so as text it would come back as U+FFFD "bin". */
  @Test
  void aBinaryValueRoundTripsExactlyInHexAndBase64() {
    assertResult(0, "OK", run("put", "--hex", "62696e", "8062696e"));
    assertResult(0, "8062696e", run("get", "--hex", "62696e"));
    assertResult(0, "gGJpbg==", run("get", "--base64", "Ymlu"));
    assertResult(0, "OK", run("put", "--base64", "gA==", "gGJpbg=="));
    assertResult(0, "8062696e", run("get", "--hex", "80"));
  }

  @Test
  void getOfAValueThatIsNotPrintableTextExits2AndNamesTheOptions() {
    assertResult(0, "OK", run("put", "--hex", "7261772d62696e", "8062696e"));
    Cli.Result r = run("get", "raw-bin");
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(List.of("raft: the value is not printable text (4 bytes): use --hex or --base64"), r.errLines());
    assertResult(0, "OK", run("put", "--hex", "63746c", "610762"));
    assertEquals(2, run("get", "ctl").code(), "a control character is not printable text");
  }

  @Test
  void multiLineTextPrintsAsItIs() {
    assertResult(0, "OK", run("put", "poem", "roses\nviolets"));
    Cli.Result r = run("get", "poem");
    assertEquals(0, r.code(), r.err());
    assertEquals("roses\nviolets\n", r.out());
  }

  @Test
  void fromFileTakesTheValueAsBytesFromAFileOrStandardInput() throws Exception {
    byte[] binary = {(byte) 0x80, 'b', 'i', 'n', 0, (byte) 0xFF, '\n'};
    Path file = Files.write(Files.createTempFile("value", ".bin"), binary);
    assertResult(0, "OK", run("put", "from-file", "--from-file", file.toString()));
    assertResult(0, HexFormat.of().formatHex(binary), run("get", "--hex", hex("from-file")));
    Cli.Result piped = Cli.runWithInput(binary, "put", "--nodes=" + nodes, "from-stdin", "--from-file", "-");
    assertResult(0, "OK", piped);
    String key = Base64.getEncoder().encodeToString("from-stdin".getBytes(StandardCharsets.UTF_8));
    assertResult(0, Base64.getEncoder().encodeToString(binary), run("get", "--base64", key));
    assertResult(0, "OK", Cli.runWithInput("new".getBytes(StandardCharsets.UTF_8), "cas", "--nodes=" + nodes,
        hex("from-stdin"), "--hex", HexFormat.of().formatHex(binary), "--from-file", "-"));
    assertResult(0, "new", run("get", "from-stdin"));
    Cli.Result missing = run("put", "k", "--from-file", file + ".missing");
    assertEquals(2, missing.code());
    assertEquals(List.of("raft: --from-file " + file + ".missing: no such file"), missing.errLines());
  }

  @Test
  void emptyAndOversizedKeysAndBadEncodingsExit2WithOneLine() {
    Cli.Result empty = run("put", "", "x");
    assertEquals(2, empty.code());
    assertEquals(List.of("raft: the key is empty: keys are 1 to 4096 bytes"), empty.errLines());
    Cli.Result big = run("get", "k".repeat(4097));
    assertEquals(2, big.code());
    assertEquals(List.of("raft: the key is 4097 bytes: keys are 1 to 4096 bytes"), big.errLines());
    Cli.Result hex = run("put", "--hex", "6b", "zz");
    assertEquals(2, hex.code());
    assertEquals("raft: VALUE is not hex (two digits 0-9a-f per byte): 'zz'", hex.errLines().get(0));
    Cli.Result both = run("get", "--hex", "--base64", "6b");
    assertEquals(2, both.code());
    assertEquals("raft: --hex and --base64 exclude each other", both.errLines().get(0));
  }

  @Test
  void casMismatchShowsTheCurrentValueOnlyWhenItIsPrintable() {
    assertResult(0, "OK", run("put", "--hex", "636173", "8062696e"));
    assertResult(1, "mismatch: current value is not printable on one line (4 bytes; use --hex or --base64)",
        run("cas", "cas", "x", "y"));
    assertResult(1, "mismatch: current value is 8062696e", run("cas", "--hex", "636173", "78", "79"));
    assertResult(0, "OK", run("cas", "--hex", "636173", "8062696e", "79"));
    assertResult(0, "y", run("get", "cas"));
  }

  @Test
  void rangePrintsKeyTabValueLinesInOrderAndSaysWhenItStoppedAtTheLimit() {
    for (String fruit : List.of("fruit/cherry", "fruit/apple", "fruit/banana", "fruitless", "fruit")) {
      assertResult(0, "OK", run("put", fruit, "is " + fruit));
    }
    Cli.Result prefix = run("range", "--prefix", "fruit/");
    assertEquals(0, prefix.code(), prefix.err());
    assertEquals(List.of("fruit/apple\tis fruit/apple", "fruit/banana\tis fruit/banana",
        "fruit/cherry\tis fruit/cherry"), prefix.outLines());
    assertEquals("", prefix.err());
    Cli.Result between = run("range", "fruit/b", "fruit/c");
    assertEquals(List.of("fruit/banana\tis fruit/banana"), between.outLines());
    Cli.Result limited = run("range", "fruit", "--limit", "2");
    assertEquals(0, limited.code(), limited.err());
    assertEquals(List.of("fruit\tis fruit", "fruit/apple\tis fruit/apple"), limited.outLines());
    assertEquals(List.of("raft: more keys follow: stopped at --limit 2"), limited.errLines());
    Cli.Result hex = run("range", "--hex", "--prefix", "66727569746c");
    assertEquals(List.of("66727569746c657373\t69732066727569746c657373"), hex.outLines());
    Cli.Result none = run("range", "--prefix", "vegetable/");
    assertEquals(0, none.code(), none.err());
    assertEquals("", none.out() + none.err());
  }

  /** Three values of 60 KiB do not fit one answer of 128 KiB: range reads them in two pages. */
  @Test
  void rangeReadsPageAfterPage() throws Exception {
    byte[] big = new byte[60 * 1024];
    java.util.Arrays.fill(big, (byte) 'x');
    for (int i = 0; i < 3; i++) {
      big[0] = (byte) ('a' + i);
      assertResult(0, "OK", Cli.runWithInput(big, "put", "--nodes=" + nodes, "big/" + i, "--from-file", "-"));
    }
    Cli.Result r = run("range", "--prefix", "big/");
    assertEquals(0, r.code(), r.err());
    assertEquals(3, r.outLines().size());
    assertEquals(List.of("big/0\ta", "big/1\tb", "big/2\tc"),
        r.outLines().stream().map(l -> l.substring(0, 7)).toList());
    assertEquals(60 * 1024 + 6, r.outLines().get(2).length());
  }

  @Test
  void rangeStopsWithExit2AtTheFirstEntryTextCannotShow() {
    assertResult(0, "OK", run("put", "mixed/1", "fine"));
    assertResult(0, "OK", run("put", "--hex", "6d697865642f32", "80"));
    assertResult(0, "OK", run("put", "mixed/3", "fine"));
    Cli.Result r = run("range", "--prefix", "mixed/");
    assertEquals(2, r.code());
    assertEquals(List.of("mixed/1\tfine"), r.outLines());
    assertEquals(List.of("raft: the value of key mixed/2 is not printable on one line (1 byte): use --hex or"
        + " --base64"), r.errLines());
  }

  @Test
  void txnAppliesThenOrElseAndSaysWhich() {
    assertResult(0, "OK", run("put", "txn-lock", "me"));
    String[] take = {"txn", "value", "txn-lock", "me", "absent", "txn-owner", "then", "put", "txn-owner", "me",
        "delete", "txn-lock", "else", "put", "txn-failed", "yes"};
    assertResult(0, "OK", run(take));
    assertResult(0, "me", run("get", "txn-owner"));
    assertResult(1, "not found", run("get", "txn-lock"));
    assertResult(1, "mismatch", run(take));
    assertResult(0, "yes", run("get", "txn-failed"));
    assertResult(0, "OK", run("txn", "then", "put", "--", "then", "-1"));
    assertResult(0, "-1", run("get", "then"));
  }

  @Test
  void statusPrintsOneLinePerNodeAndUnreachableForASilentOne() {
    int closed = Ports.free();
    Cli.Result r = Cli.run("status", "--nodes", nodes + ",127.0.0.1:" + closed, "--timeout", "1s");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.outLines();
    assertEquals(4, lines.size(), r.out());
    assertEquals(1, lines.stream().filter(l -> l.contains(" role=LEADER ")).count(), r.out());
    for (String id : cluster.ids()) {
      assertEquals(1, lines.stream().filter(l -> l.startsWith(id + " " + cluster.node(id).endpoint() + " role="))
          .count(), r.out());
    }
    assertEquals("127.0.0.1:" + closed + " unreachable", lines.get(3));
    for (String line : lines.subList(0, 3)) {
      assertTrue(line.matches("\\S+ \\S+ role=\\w+ term=\\d+ leader=\\S+ commitIndex=\\d+ lastApplied=\\d+"
          + " lastLogIndex=\\d+ snapshotIndex=\\d+ voters=\\[n1,n2,n3\\] learners=\\[\\]"), line);
    }
  }

  @Test
  void statusJsonPrintsOneObjectPerNode() {
    int closed = Ports.free();
    Cli.Result r = Cli.run("status", "--json", "--nodes", nodes + ",127.0.0.1:" + closed, "--timeout", "1s");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.outLines();
    assertEquals(4, lines.size(), r.out());
    assertEquals(3, lines.stream().filter(l -> l.startsWith("{\"node\":\"n") && l.contains("\"reachable\":true")
        && l.contains(",\"snapshotIndex\":") && l.endsWith(",\"voters\":[\"n1\",\"n2\",\"n3\"],\"learners\":[],"
        + "\"configurationChanging\":false}")).count(), r.out());
    assertEquals("{\"node\":null,\"address\":\"127.0.0.1:" + closed + "\",\"reachable\":false}", lines.get(3));
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }

  private Cli.Result run(String... args) {
    return Cli.runAgainst(nodes, args);
  }

  private static void assertResult(int code, String out, Cli.Result r) {
    assertEquals(code, r.code(), "stdout: " + r.out() + "stderr: " + r.err());
    assertEquals(List.of(out), r.outLines());
    assertEquals("", r.err());
  }
}
