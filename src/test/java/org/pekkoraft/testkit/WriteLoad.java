package org.pekkoraft.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.pekkoraft.kv.KvClient;

/**
 * A steady stream of writes to unique keys from {@code lanes} concurrent writers, each waiting for its previous
 * write. Records every acknowledged write; failed writes (no leader within the client's deadline) are counted
 * but not recorded, since they may or may not have applied.
 */
public final class WriteLoad {

  private final KvClient kv;
  private final String prefix;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final AtomicLong failed = new AtomicLong();
  private final CompletableFuture<?>[] lanes;

  public WriteLoad(KvClient kv, String prefix, int lanes) {
    this.kv = kv;
    this.prefix = prefix;
    this.lanes = new CompletableFuture<?>[lanes];
    for (int i = 0; i < lanes; i++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      this.lanes[i] = done;
      next(i, 0, done);
    }
  }

  private void next(int lane, long n, CompletableFuture<Void> done) {
    if (!running.get()) {
      done.complete(null);
      return;
    }
    String key = prefix + "-" + lane + "-" + n;
    String value = "v" + n;
    kv.put(key, value).whenComplete((ok, error) -> {
      if (error == null) {
        acknowledged.put(key, value);
      } else {
        failed.incrementAndGet();
      }
      next(lane, n + 1, done);
    });
  }

  /** Waits until at least {@code count} writes have been acknowledged. */
  public void awaitAcknowledged(int count, Duration timeout) {
    Await.until(count + " acknowledged writes (have " + acknowledged.size() + ")", timeout,
        () -> acknowledged.size() >= count);
  }

  /** Stops issuing writes and waits for those in flight to finish; returns the acknowledged ones. */
  public Map<String, String> stop() throws Exception {
    running.set(false);
    CompletableFuture.allOf(lanes).get(60, TimeUnit.SECONDS);
    return Map.copyOf(acknowledged);
  }

  public int acknowledgedCount() {
    return acknowledged.size();
  }

  public long failedCount() {
    return failed.get();
  }
}
