package org.pekkoraft.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** The results of a bench run, as a table and as JSON; {@code recovery} is null when none was measured. */
public record BenchReport(String setup, List<Row> rows, List<Long> failoverMillis, Recovery recovery) {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  /**
   * One measured window; {@code switchesPerOp}: the process's voluntary context switches per write (NaN where
   * Linux's counters are missing), {@code threads}: live threads at the end of the window,
   * {@code ackedSecondsShare}: the share of the window's seconds in which some write was acknowledged.
   */
  public record Row(int clients, double opsPerSecond, double p50Ms, double p99Ms, double p999Ms, double cpuMicrosPerOp,
      double heapAfterGcMb, long errors, double switchesPerOp, int threads, double ackedSecondsShare) {}

  /** A follower's data after {@code writes} puts, and how long it took, restarted, to apply all committed. */
  public record Recovery(long writes, long journalBytes, long snapshotBytes, long recoveredMillis) {}

  public BenchReport {
    rows = List.copyOf(rows);
    failoverMillis = List.copyOf(failoverMillis);
  }

  public String table() {
    StringBuilder s = new StringBuilder(setup).append('\n');
    if (!rows.isEmpty()) {
      s.append(String.format(Locale.ROOT, "%8s %12s %9s %9s %10s %12s %13s %7s %12s %8s %11s%n", "clients",
          "writes/s", "p50 ms", "p99 ms", "p99.9 ms", "CPU us/op", "heap MB (GC)", "errors", "switches/op", "threads",
          "acked secs"));
      for (Row r : rows) {
        s.append(String.format(Locale.ROOT, "%8d %12.0f %9.3f %9.3f %10.3f %12.1f %13.1f %7d %12.1f %8d %11.2f%n",
            r.clients(), r.opsPerSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms(), r.cpuMicrosPerOp(), r.heapAfterGcMb(),
            r.errors(), r.switchesPerOp(), r.threads(), r.ackedSecondsShare()));
      }
    }
    if (!failoverMillis.isEmpty()) {
      s.append(String.format(Locale.ROOT, "failover (kill -> first write acknowledged by a new leader): median %d ms,"
          + " max %d ms, all %s%n", median(), max(), failoverMillis));
    }
    if (recovery != null) {
      s.append(String.format(Locale.ROOT, "recovery after %d writes: a follower's journal %.1f MB, journal snapshots"
          + " %.1f MB; restarted, it applied everything committed before it stopped in %d ms%n", recovery.writes(),
          recovery.journalBytes() / 1e6, recovery.snapshotBytes() / 1e6, recovery.recoveredMillis()));
    }
    return s.toString();
  }

  /** The report as one JSON object; numbers rounded as the table shows them, a number not measured as null. */
  public String json() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("setup", setup);
    ArrayNode rowsNode = root.putArray("rows");
    for (Row r : rows) {
      ObjectNode row = rowsNode.addObject();
      row.put("clients", r.clients());
      number(row, "opsPerSecond", r.opsPerSecond(), 1);
      number(row, "p50Ms", r.p50Ms(), 4);
      number(row, "p99Ms", r.p99Ms(), 4);
      number(row, "p999Ms", r.p999Ms(), 4);
      number(row, "cpuMicrosPerOp", r.cpuMicrosPerOp(), 2);
      number(row, "heapAfterGcMb", r.heapAfterGcMb(), 1);
      row.put("errors", r.errors());
      number(row, "switchesPerOp", r.switchesPerOp(), 2);
      row.put("threads", r.threads());
      number(row, "ackedSecondsShare", r.ackedSecondsShare(), 3);
    }
    ArrayNode failovers = root.putArray("failoverMillis");
    failoverMillis.forEach(failovers::add);
    if (!failoverMillis.isEmpty()) {
      root.put("failoverMedianMillis", median());
      root.put("failoverMaxMillis", max());
    }
    if (recovery != null) {
      ObjectNode node = root.putObject("recovery");
      node.put("writes", recovery.writes());
      node.put("journalBytes", recovery.journalBytes());
      node.put("snapshotBytes", recovery.snapshotBytes());
      node.put("recoveredMillis", recovery.recoveredMillis());
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always writes", e);
    }
  }

  /** {@code value} with {@code decimals} digits after the point; null when it is NaN or infinite (not JSON). */
  private static void number(ObjectNode node, String name, double value, int decimals) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(name);
    } else {
      node.put(name, BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP));
    }
  }

  long median() {
    List<Long> sorted = failoverMillis.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  long max() {
    return failoverMillis.stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
