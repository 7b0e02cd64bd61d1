package org.pekkoraft.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, recorded by one writer at a time and merged for percentiles. */
final class Latencies {

  private long[] values = new long[1 << 12];
  private int size;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  int size() {
    return size;
  }

  static Latencies merge(Iterable<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies p : parts) {
      for (int i = 0; i < p.size; i++) {
        all.add(p.values[i]);
      }
    }
    Arrays.sort(all.values, 0, all.size);
    return all;
  }

  /** The {@code q} quantile (0..1) of a merged, sorted set, in milliseconds; NaN when empty. */
  double quantileMs(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(size - 1, Math.max(0, Math.ceil(q * size) - 1));
    return values[i] / 1e6;
  }
}
