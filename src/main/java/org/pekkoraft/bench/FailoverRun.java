package org.pekkoraft.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.protocol.NodeStatus;

/**
 * Kills the leader under 8 closed-loop writers and measures the time from the kill to the first write that a new
 * leader acknowledges; restarts the killed node on its data and waits until it has caught up; repeats.
 */
final class FailoverRun {

  interface Say {
    void say(String format, Object... args);
  }

  private static final int WRITERS = 8;

  private final BenchCluster cluster;
  private final RaftClient client;
  private final BenchConfig config;
  private final Say say;
  private final AtomicLong acks = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile long killedAt = Long.MAX_VALUE;
  private volatile NodeId killed;
  private final AtomicLong firstAckAfterKill = new AtomicLong(-1);

  FailoverRun(BenchCluster cluster, RaftClient client, BenchConfig config, Say say) {
    this.cluster = cluster;
    this.client = client;
    this.config = config;
    this.say = say;
  }

  List<Long> run() {
    KvClient kv = new KvClient(client);
    String value = "v".repeat(config.valueSize());
    for (int w = 0; w < WRITERS; w++) {
      write(kv, new SplittableRandom(w), value);
    }
    List<Long> results = new ArrayList<>();
    try {
      for (int round = 1; round <= config.failovers(); round++) {
        NodeId leader = Bench.awaitLeader(client, cluster.endpoints(), Duration.ofSeconds(60));
        long before = acks.get();
        await("writes to flow through " + leader, () -> acks.get() >= before + 200);
        firstAckAfterKill.set(-1);
        killed = leader;
        killedAt = System.nanoTime();
        cluster.kill(leader);
        await("a new leader to acknowledge a write", () -> firstAckAfterKill.get() > 0);
        long millis = (firstAckAfterKill.get() - killedAt) / 1_000_000;
        results.add(millis);
        say.say("failover %d/%d: killed %s, a new leader acknowledged a write %d ms later", round,
            config.failovers(), leader, millis);
        killedAt = Long.MAX_VALUE;
        cluster.start(leader);
        awaitCaughtUp(leader);
      }
    } finally {
      running.set(false);
    }
    return results;
  }

  private void write(KvClient kv, SplittableRandom random, String value) {
    if (!running.get()) {
      return;
    }
    kv.put("key-" + random.nextInt(config.keys()), value).whenComplete((ok, error) -> {
      if (error == null) {
        acks.incrementAndGet();
        long now = System.nanoTime();
        NodeId answered = client.leaderGuess();
        if (now > killedAt && answered != null && !answered.equals(killed)) {
          firstAckAfterKill.compareAndSet(-1, now);
        }
      }
      write(kv, random, value);
    });
  }

  private void awaitCaughtUp(NodeId node) {
    await(node + " to catch up after its restart", () -> {
      try {
        NodeId leader = Bench.awaitLeader(client, cluster.endpoints(), Duration.ofSeconds(30));
        NodeStatus l = client.status(leader).toCompletableFuture().get(2, TimeUnit.SECONDS);
        NodeStatus s = client.status(node).toCompletableFuture().get(2, TimeUnit.SECONDS);
        return s.lastApplied() + 1000 >= l.commitIndex();
      } catch (Exception e) {
        return false;
      }
    });
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }
}
