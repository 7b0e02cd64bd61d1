package org.pekkoraft.bench;

import java.util.List;
import java.util.Locale;

/** The results of a bench run, as a table and as JSON; {@code recovery} is null when none was measured. */
public record BenchReport(String setup, List<Row> rows, List<Long> failoverMillis, Recovery recovery) {

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
      s.append(String.format(Locale.ROOT, "recovery after %d writes: a follower's journal %.1f MB, journal snapshots %.1f MB;"
          + " restarted, it applied everything committed before it stopped in %d ms%n", recovery.writes(),
          recovery.journalBytes() / 1e6, recovery.snapshotBytes() / 1e6, recovery.recoveredMillis()));
    }
    return s.toString();
  }

  public String json() {
    StringBuilder s = new StringBuilder("{\"setup\":\"").append(setup.replace("\"", "'")).append("\",\"rows\":[");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      s.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"clients\":%d,\"opsPerSecond\":%.1f,"
              + "\"p50Ms\":%.4f,\"p99Ms\":%.4f,\"p999Ms\":%.4f,\"cpuMicrosPerOp\":%.2f,\"heapAfterGcMb\":%.1f,"
              + "\"errors\":%d,\"switchesPerOp\":%s,\"threads\":%d,\"ackedSecondsShare\":%s}", r.clients(),
          r.opsPerSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms(), r.cpuMicrosPerOp(), r.heapAfterGcMb(), r.errors(),
          Double.isNaN(r.switchesPerOp()) ? "null" : String.format(Locale.ROOT, "%.2f", r.switchesPerOp()),
          r.threads(), Double.isNaN(r.ackedSecondsShare()) ? "null"
              : String.format(Locale.ROOT, "%.3f", r.ackedSecondsShare())));
    }
    s.append("],\"failoverMillis\":").append(failoverMillis);
    if (!failoverMillis.isEmpty()) {
      s.append(",\"failoverMedianMillis\":").append(median()).append(",\"failoverMaxMillis\":").append(max());
    }
    if (recovery != null) {
      s.append(String.format(Locale.ROOT, ",\"recovery\":{\"writes\":%d,\"journalBytes\":%d,\"snapshotBytes\":%d,"
          + "\"recoveredMillis\":%d}", recovery.writes(), recovery.journalBytes(), recovery.snapshotBytes(),
          recovery.recoveredMillis()));
    }
    return s.append('}').toString();
  }

  long median() {
    List<Long> sorted = failoverMillis.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  long max() {
    return failoverMillis.stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
