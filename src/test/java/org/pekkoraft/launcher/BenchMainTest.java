package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pekkoraft.bench.BenchConfig;

class BenchMainTest {

  private static final CommandSpec BENCH = Usage.command("bench").orElseThrow();
  private static final Path DATA = Path.of("/tmp/bench-data");

  private static BenchConfig config(String... tokens) {
    return BenchMain.config(Args.parse(BENCH, List.of(tokens)), DATA);
  }

  @Test
  void defaultsAreThreeNodesHereAndTheIssuesWriterCounts() {
    BenchConfig c = config();
    assertEquals(3, c.nodes());
    assertTrue(c.inProcess());
    assertEquals(List.of(1, 8, 64), c.clients());
    assertEquals(10_000, c.keys());
    assertEquals(100, c.valueSize());
    assertEquals(Duration.ofSeconds(20), c.warmup());
    assertEquals(Duration.ofSeconds(10), c.measure());
    assertEquals(0, c.failovers());
    assertEquals(0, c.recoveryWrites());
    assertEquals(-1, c.snapshotEvery());
    assertFalse(c.remoteClients());
    assertEquals(0, c.batchesInFlight());
    assertTrue(c.dataDir().startsWith(DATA), c.dataDir().toString());
  }

  @Test
  void everyOptionIsRead() {
    BenchConfig c = config("--nodes", "5", "--clients", "2, 16", "--keys", "50", "--value-size", "0",
        "--warmup-seconds", "0", "--seconds", "3", "--failover", "10", "--remote-clients", "--recovery", "100000",
        "--snapshot-every", "0", "--batches-in-flight", "0");
    assertEquals(5, c.nodes());
    assertEquals(List.of(2, 16), c.clients());
    assertEquals(50, c.keys());
    assertEquals(0, c.valueSize());
    assertEquals(Duration.ZERO, c.warmup());
    assertEquals(Duration.ofSeconds(3), c.measure());
    assertEquals(10, c.failovers());
    assertTrue(c.remoteClients());
    assertEquals(100_000, c.recoveryWrites());
    assertEquals(0, c.snapshotEvery());
    assertEquals(0, c.batchesInFlight());
    assertEquals(List.of(), config("--clients", "none").clients());
  }

  @Test
  void aListOfAddressesMeasuresARunningCluster() {
    BenchConfig c = config("--nodes", "127.0.0.1:2551,127.0.0.1:2552");
    assertFalse(c.inProcess());
    assertEquals(List.of("127.0.0.1:2551", "127.0.0.1:2552"), c.external());
  }

  @Test
  void badValuesAreUsageErrorsNamingTheOption() {
    assertUsage("--nodes", "--nodes", "4");
    assertUsage("--nodes", "--nodes", "localhost");
    assertUsage("--clients", "--clients", "0");
    assertUsage("--clients", "--clients", "1,,8");
    assertUsage("--clients", "--clients", "many");
    assertUsage("--seconds", "--seconds", "0");
    assertUsage("--value-size", "--value-size", "-1");
    assertUsage("--failover", "--nodes", "127.0.0.1:2551", "--failover", "1");
    assertUsage("--remote-clients", "--nodes", "127.0.0.1:2551", "--remote-clients");
    assertUsage("--recovery", "--nodes", "127.0.0.1:2551", "--recovery", "10");
  }

  private static void assertUsage(String named, String... tokens) {
    RuntimeException e = assertThrows(RuntimeException.class, () -> config(tokens));
    assertTrue(e instanceof UsageException || e instanceof LauncherException, e.toString());
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }
}
