package org.pekkoraft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pekkoraft.testkit.TestCertificates;

/**
 * The bench end to end, briefly: 3 nodes here, one short window, a recovery, one failover. Measures nothing worth
 * keeping.
 */
class BenchTest {

  @Test
  void measuresAWindowARecoveryAndAFailover() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    BenchConfig config = new BenchConfig(3, List.of(), List.of(4), 100, 100, Duration.ZERO, Duration.ofSeconds(2), 1,
        false, Files.createTempDirectory("bench"), 2000, 500, TestCertificates.dir("node"),
        TestCertificates.dir("client"), 2);
    BenchReport report = Bench.run(config, new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertEquals(1, report.rows().size());
    BenchReport.Row row = report.rows().get(0);
    assertEquals(4, row.clients());
    assertTrue(row.opsPerSecond() > 0, report.table());
    assertTrue(row.p50Ms() > 0 && row.p50Ms() <= row.p99Ms() && row.p99Ms() <= row.p999Ms(), report.table());
    assertTrue(row.heapAfterGcMb() > 0, report.table());
    assertEquals(1.0, row.ackedSecondsShare(), report.table());
    assertEquals(1, report.failoverMillis().size(), report.table());
    assertTrue(report.failoverMillis().get(0) > 0, report.table());
    assertTrue(report.json().contains("\"clients\":4"), report.json());
    BenchReport.Recovery recovery = report.recovery();
    assertEquals(2000, recovery.writes());
    assertTrue(recovery.journalBytes() > 0, report.table());
    assertTrue(recovery.recoveredMillis() > 0, report.table());
    assertTrue(progress.toString(StandardCharsets.UTF_8).contains("leader is"), progress.toString());
  }
}
