package org.pekkoraft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void everyValueReadsBackAtLeastAsLargeAndWithinOnePercent() {
    long seed = System.nanoTime();
    System.out.println("LatenciesTest seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 20_000; i++) {
      long v = 1 + random.nextLong(1L << random.nextInt(1, 41));
      Latencies one = new Latencies();
      one.add(v);
      double readMs = one.quantileMs(1.0);
      double vMs = v / 1e6;
      assertTrue(readMs >= vMs && readMs <= vMs * 1.01 + 1e-6, v + " ns read back as " + readMs + " ms (seed "
          + seed + ")");
    }
  }

  @Test
  void aValueAboveTheRangeCountsAsTheHighest() {
    Latencies l = new Latencies();
    l.add(Long.MAX_VALUE);
    l.add(-5);
    assertEquals(2, l.size());
    assertEquals(Latencies.HIGHEST / 1e6, l.quantileMs(1.0), Latencies.HIGHEST / 1e6 * 0.01);
    assertEquals(0.0, l.quantileMs(0.0));
  }

  @Test
  void quantilesOfMergedWritersAreWithinThePrecision() {
    Latencies odd = new Latencies();
    Latencies even = new Latencies();
    for (int micros = 1; micros <= 1000; micros++) {
      (micros % 2 == 0 ? even : odd).add(micros * 1000L);
    }
    Latencies all = Latencies.merge(List.of(odd, even));
    assertEquals(1000, all.size());
    assertEquals(0.500, all.quantileMs(0.5), 0.500 * 0.01);
    assertEquals(0.990, all.quantileMs(0.99), 0.990 * 0.01);
    assertEquals(1.000, all.quantileMs(1.0), 1.000 * 0.01);
    assertEquals(0.001, all.quantileMs(0.0), 0.001 * 0.01);
    assertTrue(Double.isNaN(new Latencies().quantileMs(0.5)));
  }
}
