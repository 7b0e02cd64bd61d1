package org.pekkoraft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionSequenceTest {

  @Test
  void numbersAreOutstandingUntilAcknowledged() {
    SessionSequence s = new SessionSequence();
    assertEquals(1, s.firstUnacknowledged());
    long a = s.next();
    long b = s.next();
    assertEquals(a, s.firstUnacknowledged());
    s.acknowledged(b);
    assertEquals(a, s.firstUnacknowledged());
    s.acknowledged(a);
    assertEquals(b + 1, s.firstUnacknowledged());
  }

  /**
   * The bench found this race: a caller had taken a number but not yet recorded it when another caller's request
   * announced a higher first-unacknowledged number, so the cluster refused the first command as already answered.
   * Each caller here checks that nothing announced while its number was outstanding went past it.
   */
  @Test
  void concurrentCallersNeverSeeTheirNumberAnnouncedAsAcknowledged() throws Exception {
    SessionSequence s = new SessionSequence();
    AtomicLong announced = new AtomicLong();
    int threads = 4;
    int perThread = 200_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> violations = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        violations.add(pool.submit(() -> {
          long seen = 0;
          for (int i = 0; i < perThread; i++) {
            long mine = s.next();
            announced.accumulateAndGet(s.firstUnacknowledged(), Math::max);
            if (announced.get() > mine) {
              seen++;
            }
            s.acknowledged(mine);
          }
          return seen;
        }));
      }
      long total = 0;
      for (Future<Long> f : violations) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertEquals(0, total, "commands whose number was announced as acknowledged while outstanding");
    } finally {
      pool.shutdownNow();
    }
  }
}
