package org.pekkoraft.bench;

import org.HdrHistogram.Histogram;

/**
 * Latencies in nanoseconds, in an HdrHistogram of constant size (so that a long window does not grow the heap it
 * measures): values from 1 ns to {@link #HIGHEST} (a longer one counts as that), each within 1 % (two significant
 * digits), about 40 KiB per writer. Recorded by one writer at a time and merged for percentiles.
 */
final class Latencies {

  /** The longest latency told apart: no write of a bench window waits for an hour. */
  static final long HIGHEST = 3_600_000_000_000L;
  private static final int SIGNIFICANT_DIGITS = 2;

  private final Histogram histogram = new Histogram(1, HIGHEST, SIGNIFICANT_DIGITS);

  void add(long nanos) {
    histogram.recordValue(Math.min(HIGHEST, Math.max(0, nanos)));
  }

  long size() {
    return histogram.getTotalCount();
  }

  static Latencies merge(Iterable<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies p : parts) {
      all.histogram.add(p.histogram);
    }
    return all;
  }

  /**
   * The {@code q} quantile (0..1) in milliseconds: the highest value equivalent to it within the precision, so
   * never below the latency measured; NaN when empty.
   */
  double quantileMs(double q) {
    if (histogram.getTotalCount() == 0) {
      return Double.NaN;
    }
    return histogram.getValueAtPercentile(q * 100) / 1e6;
  }
}
