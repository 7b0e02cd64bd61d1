package org.pekkoraft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.statemachine.ReplicatedState;

class SessionSequenceTest {

  @Test
  void numbersAreOutstandingUntilAcknowledged() {
    SessionSequence s = new SessionSequence(10);
    assertEquals(1, s.firstUnacknowledged());
    long a = s.reserve().join();
    long b = s.reserve().join();
    assertEquals(a, s.firstUnacknowledged());
    s.acknowledged(b);
    assertEquals(a, s.firstUnacknowledged());
    s.acknowledged(a);
    assertEquals(b + 1, s.firstUnacknowledged());
  }

  @Test
  void beyondTheBoundCallersWaitInOrderForAnAcknowledgement() {
    SessionSequence s = new SessionSequence(3);
    List<CompletableFuture<Long>> reserved = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      reserved.add(s.reserve());
    }
    assertEquals(3, reserved.stream().filter(CompletableFuture::isDone).count(), "three may be outstanding");
    assertEquals(3, s.outstanding());
    s.acknowledged(reserved.get(1).join());
    assertTrue(reserved.get(3).isDone(), "the first waiting caller goes when one is acknowledged");
    assertFalse(reserved.get(4).isDone());
    assertEquals(4, reserved.get(3).join());
    assertEquals(3, s.outstanding(), "never more than the bound");
    s.acknowledged(reserved.get(0).join());
    assertEquals(5, reserved.get(4).join());
    assertEquals(reserved.get(2).join(), s.firstUnacknowledged());
  }

  @Test
  void theClientKeepsFewerCommandsInFlightThanAServerSessionKeepsResults() {
    int client = RaftClientSettings.of(Map.of(NodeId.of("n1"), "127.0.0.1:1")).maxInFlightPerSession();
    assertTrue(client < ReplicatedState.defaultMaxResultsPerSession(),
        "a client with " + client + " in flight can outrun the server's session cache");
  }

  /**
   * The bench found this race: a caller had taken a number but not yet recorded it when another caller's request
   * announced a higher first-unacknowledged number, so the cluster refused the first command as already answered.
   * Each caller here checks that nothing announced while its number was outstanding went past it.
   */
  @Test
  void concurrentCallersNeverSeeTheirNumberAnnouncedAsAcknowledged() throws Exception {
    SessionSequence s = new SessionSequence(1000);
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
            long mine = s.reserve().get(10, TimeUnit.SECONDS);
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
