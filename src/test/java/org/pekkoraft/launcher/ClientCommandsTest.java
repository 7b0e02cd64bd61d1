package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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

  private Cli.Result run(String... args) {
    return Cli.runAgainst(nodes, args);
  }

  private static void assertResult(int code, String out, Cli.Result r) {
    assertEquals(code, r.code(), "stdout: " + r.out() + "stderr: " + r.err());
    assertEquals(List.of(out), r.outLines());
    assertEquals("", r.err());
  }
}
