package org.pekkoraft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void everyValueFallsInABucketThatHoldsItWithinOnePercent() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long v = random.nextLong(1L << random.nextInt(1, 62));
      int index = Latencies.index(v);
      long low = Latencies.lowest(index);
      long high = Latencies.highest(index);
      assertTrue(low <= v && v <= high, v + " not in [" + low + ", " + high + "]");
      assertTrue(high - low <= Math.max(0, low / 100), "bucket of " + v + " is wider than 1%: " + low + ".." + high);
      assertEquals(index, Latencies.index(low));
      assertEquals(index, Latencies.index(high));
    }
    assertEquals(127, Latencies.index(127));
    assertEquals(128, Latencies.index(128));
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
