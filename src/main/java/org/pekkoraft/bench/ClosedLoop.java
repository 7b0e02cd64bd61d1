package org.pekkoraft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvClient;

/**
 * Closed-loop writers: each sends a put of a random key, waits for its acknowledgement (committed, applied, and
 * answered), and sends the next. Only writes that start and end inside the measured window count.
 */
final class ClosedLoop {

  /**
   * What one window measured; {@code secondsWithAck}: how many of the window's whole seconds saw at least one
   * acknowledged write (availability under faults: a client stall shows as seconds without one).
   */
  record Window(long ops, long errors, String firstError, double seconds, Latencies latencies, int secondsWithAck) {
    double opsPerSecond() {
      return ops / seconds;
    }

    double ackedSecondsShare() {
      int whole = (int) seconds;
      return whole == 0 ? Double.NaN : (double) secondsWithAck / whole;
    }
  }

  private final KvClient kv;
  /** The keys and the value as bytes once, so that the writers' loop encodes nothing. */
  private final Bytes[] keys;
  private final Bytes value;
  private final long seed;

  ClosedLoop(KvClient kv, int keys, int valueSize, long seed) {
    this.kv = kv;
    this.keys = new Bytes[keys];
    for (int i = 0; i < keys; i++) {
      this.keys[i] = Bytes.utf8("key-" + i);
    }
    this.value = Bytes.utf8("v".repeat(valueSize));
    this.seed = seed;
  }

  /**
   * Runs {@code writers} writers for {@code warmupNanos}, then measures for {@code measureNanos};
   * {@code onWindowStart} runs when the measured window opens (to sample CPU time), {@code onAck} with the time of
   * every acknowledgement (for failover timing).
   */
  Window run(int writers, long warmupNanos, long measureNanos, Runnable onWindowStart, LongConsumer onAck)
      throws Exception {
    long start = System.nanoTime();
    long windowStart = start + warmupNanos;
    long windowEnd = windowStart + measureNanos;
    AtomicLong ops = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    AtomicIntegerArray ackedInSecond = new AtomicIntegerArray((int) TimeUnit.NANOSECONDS.toSeconds(measureNanos));
    List<Latencies> recorded = new ArrayList<>();
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      Latencies mine = new Latencies();
      recorded.add(mine);
      CompletableFuture<Void> finished = new CompletableFuture<>();
      done.add(finished);
      new Writer(new SplittableRandom(seed + w), windowStart, windowEnd, mine, ops, errors, firstError, ack -> {
        long second = TimeUnit.NANOSECONDS.toSeconds(ack - windowStart);
        if (ack >= windowStart && second < ackedInSecond.length()) {
          ackedInSecond.lazySet((int) second, 1);
        }
        onAck.accept(ack);
      }, finished).next();
    }
    long untilWindow = windowStart - System.nanoTime();
    if (untilWindow > 0) {
      TimeUnit.NANOSECONDS.sleep(untilWindow);
    }
    onWindowStart.run();
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
        .get(measureNanos + warmupNanos + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
    Throwable error = firstError.get();
    int secondsWithAck = 0;
    for (int i = 0; i < ackedInSecond.length(); i++) {
      secondsWithAck += ackedInSecond.get(i);
    }
    return new Window(ops.get(), errors.get(), error == null ? null : error.toString(), measureNanos / 1e9,
        Latencies.merge(recorded), secondsWithAck);
  }

  private final class Writer {
    private final SplittableRandom random;
    private final long windowStart;
    private final long windowEnd;
    private final Latencies latencies;
    private final AtomicLong ops;
    private final AtomicLong errors;
    private final AtomicReference<Throwable> firstError;
    private final LongConsumer onAck;
    private final CompletableFuture<Void> finished;

    Writer(SplittableRandom random, long windowStart, long windowEnd, Latencies latencies, AtomicLong ops,
        AtomicLong errors, AtomicReference<Throwable> firstError, LongConsumer onAck,
        CompletableFuture<Void> finished) {
      this.random = random;
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
      this.latencies = latencies;
      this.ops = ops;
      this.errors = errors;
      this.firstError = firstError;
      this.onAck = onAck;
      this.finished = finished;
    }

    void next() {
      long sent = System.nanoTime();
      if (sent >= windowEnd) {
        finished.complete(null);
        return;
      }
      kv.put(keys[random.nextInt(keys.length)], value).whenComplete((ok, error) -> {
        long acked = System.nanoTime();
        if (error != null) {
          errors.incrementAndGet();
          firstError.compareAndSet(null, error);
        } else {
          onAck.accept(acked);
          if (sent >= windowStart && acked <= windowEnd) {
            ops.incrementAndGet();
            latencies.add(acked - sent);
          }
        }
        next();
      });
    }
  }
}
