package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.Ports;

/**
 * Every exit code of the table in docs/cli.md, from the client commands against a real node process over its
 * HTTP API (0 to 3), and from a node process itself (4 or 255: a node that ran out of memory, once reported as 0).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ExitCodesTest {

  @TempDir
  static Path dir;

  private final NodeProcesses processes = new NodeProcesses();
  private String api;

  @BeforeAll
  void startANode() throws Exception {
    int httpPort = Ports.free();
    Path conf = Cli.nodeConf(dir, "codes", Ports.free(), dir.resolve("data"), "pekko-raft.http.port = " + httpPort);
    Path console = dir.resolve("codes.out");
    Process node = processes.start(conf, console, false, List.of());
    NodeProcesses.awaitRecovered(node, console);
    api = "https://127.0.0.1:" + httpPort;
    Await.until("the node to take a write over HTTP", NodeProcesses.START_TIMEOUT,
        () -> run("put", "warm", "up").code() == ExitCodes.OK);
  }

  @AfterAll
  void stop() {
    processes.close();
  }

  @Test
  void exit0WhenDone() {
    assertResult(ExitCodes.OK, List.of("OK"), run("put", "colour", "blue"));
    assertResult(ExitCodes.OK, List.of("blue"), run("get", "colour"));
    Cli.Result status = run("status");
    assertEquals(ExitCodes.OK, status.code(), status.err());
    assertTrue(status.out().startsWith("node-1 127.0.0.1:"), status.out());
  }

  @Test
  void exit1WhenNotFoundOrMismatched() {
    assertResult(ExitCodes.NOT_FOUND, List.of("not found"), run("get", "never-written"));
    assertResult(ExitCodes.NOT_FOUND, List.of("not found"), run("delete", "never-written"));
    assertResult(ExitCodes.OK, List.of("OK"), run("put", "counter", "1"));
    assertResult(ExitCodes.NOT_FOUND, List.of("mismatch: current value is 1"), run("cas", "counter", "0", "2"));
    assertResult(ExitCodes.NOT_FOUND, List.of("mismatch"), run("txn", "absent", "counter", "then", "put", "x",
        "y"));
  }

  @Test
  void exit2ForUsageErrorsAndValuesTheNodeRefuses() {
    Cli.Result unknown = run("get", "--no-such-option", "k");
    assertEquals(ExitCodes.USAGE, unknown.code(), unknown.err());
    assertTrue(unknown.err().startsWith("raft: "), unknown.err());

    // Over the node's pekko-raft.max-command-bytes (64 KiB): refused by the node, exit 2 (docs once said 1).
    Cli.Result oversized = run("put", "big", "x".repeat(70 * 1024));
    assertEquals(ExitCodes.USAGE, oversized.code(), oversized.err());
    assertEquals(1, oversized.errLines().size(), oversized.err());
    assertTrue(oversized.err().startsWith("raft: refused: "), oversized.err());
    assertEquals("", oversized.out());
    assertResult(ExitCodes.NOT_FOUND, List.of("not found"), run("get", "big"));

    Cli.Result emptyKey = run("put", "", "v");
    assertEquals(ExitCodes.USAGE, emptyKey.code(), emptyKey.err());
  }

  @Test
  void exit3WhenNoNodeAnswersWithinTheTimeout() {
    String nowhere = "https://127.0.0.1:" + Ports.free();
    long start = System.nanoTime();
    Cli.Result r = Cli.run("get", "--nodes", nowhere, "--timeout", "700ms", "k");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(ExitCodes.NO_LEADER, r.code(), r.err());
    assertTrue(r.err().startsWith("raft: no leader answered within 700 ms"), r.err());
    assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "--timeout 700ms took " + took);
    Cli.Result status = Cli.run("status", "--nodes", nowhere, "--timeout", "500ms");
    assertEquals(ExitCodes.NO_LEADER, status.code(), status.err());
  }

  /**
   * A node that runs out of memory exits with a failure code, never 0: Pekko ends the JVM with System.exit(-1) on a
   * fatal error, which the node's exit-code hook once turned into 0. The value is within max-command-bytes here,
   * but the heap is far too small for it.
   */
  @Test
  void aNodeThatRunsOutOfMemoryExitsWithAFailureCode() throws Exception {
    int httpPort = Ports.free();
    Path conf = Cli.nodeConf(dir, "small", Ports.free(), dir.resolve("small-data"), """
        pekko-raft.http.port = %d
        pekko-raft.max-command-bytes = 256MiB
        pekko-raft.max-append-bytes = 512MiB
        """.formatted(httpPort));
    Path console = dir.resolve("small.out");
    Process node = processes.start(conf, console, false, List.of("-Xmx96m"));
    NodeProcesses.awaitRecovered(node, console);
    String small = "https://127.0.0.1:" + httpPort;
    Await.until("the small node to take a write", NodeProcesses.START_TIMEOUT,
        () -> Cli.run("put", "--nodes", small, "k", "v").code() == ExitCodes.OK);

    Path value = dir.resolve("value");
    Files.write(value, new byte[60 << 20]);
    Cli.Result put = Cli.run("put", "--nodes", small, "--timeout", "60s", "--base64", "aGVhdnk=", "--from-file",
        value.toString());
    assertTrue(node.waitFor(120, TimeUnit.SECONDS), "the node did not exit after the put (exit " + put.code()
        + ", " + put.err() + "):\n" + NodeProcesses.read(console));
    // 4 when the exit-code hook gets to run, 255 (Pekko's System.exit(-1)) when the exhausted heap stops it first.
    assertTrue(node.exitValue() == ExitCodes.FAILED || node.exitValue() == 255, "exit " + node.exitValue() + ":\n"
        + NodeProcesses.read(console));
  }

  private Cli.Result run(String... commandAndArgs) {
    return Cli.runAgainst(api, commandAndArgs);
  }

  private static void assertResult(int code, List<String> out, Cli.Result result) {
    assertEquals(code, result.code(), result.err());
    assertEquals(out, result.outLines(), result.err());
  }
}
