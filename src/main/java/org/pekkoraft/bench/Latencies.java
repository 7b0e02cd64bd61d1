package org.pekkoraft.bench;

/**
 * Latencies in nanoseconds as a histogram of constant size (so that a long window does not grow the heap it
 * measures): exact below 128 ns, then 128 linear buckets per power of two, a relative error under 0.8 %. Recorded
 * by one writer at a time and merged for percentiles.
 */
final class Latencies {

  private static final int SUB_BITS = 7;
  private static final int SUB_COUNT = 1 << SUB_BITS;
  private static final int BUCKETS = index(Long.MAX_VALUE) + 1;

  private final long[] counts = new long[BUCKETS];
  private long size;

  void add(long nanos) {
    counts[index(Math.max(0, nanos))]++;
    size++;
  }

  long size() {
    return size;
  }

  static Latencies merge(Iterable<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies p : parts) {
      for (int i = 0; i < BUCKETS; i++) {
        all.counts[i] += p.counts[i];
      }
      all.size += p.size;
    }
    return all;
  }

  /** The {@code q} quantile (0..1) in milliseconds: the highest value of its bucket; NaN when empty. */
  double quantileMs(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    long rank = Math.min(size, Math.max(1, (long) Math.ceil(q * size)));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return highest(i) / 1e6;
      }
    }
    throw new IllegalStateException("counts do not add up to " + size);
  }

  static int index(long nanos) {
    if (nanos < SUB_COUNT) {
      return (int) nanos;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(nanos);
    int sub = (int) (nanos >>> (exponent - SUB_BITS)) & (SUB_COUNT - 1);
    return ((exponent - SUB_BITS + 1) << SUB_BITS) + sub;
  }

  static long lowest(int index) {
    if (index < SUB_COUNT) {
      return index;
    }
    int exponent = (index >>> SUB_BITS) + SUB_BITS - 1;
    long sub = index & (SUB_COUNT - 1);
    return (1L << exponent) | (sub << (exponent - SUB_BITS));
  }

  static long highest(int index) {
    return index + 1 < BUCKETS ? lowest(index + 1) - 1 : Long.MAX_VALUE;
  }
}
