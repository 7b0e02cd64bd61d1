package org.pekkoraft.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.client.RaftClientSettings;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.protocol.NodeStatus;

/**
 * Writes a number of puts, stops a follower, and measures what it keeps on disk and how long it takes, restarted on
 * that data, until it has applied everything committed before it stopped: the cost of recovery, with or without
 * snapshots ({@code pekko-raft.snapshot.every-entries}).
 */
final class RecoveryRun {

  private static final int WRITERS = 64;

  private final BenchCluster cluster;
  private final RaftClient probe;
  private final BenchConfig config;
  private final FailoverRun.Say say;

  RecoveryRun(BenchCluster cluster, RaftClient probe, BenchConfig config, FailoverRun.Say say) {
    this.cluster = cluster;
    this.probe = probe;
    this.config = config;
    this.say = say;
  }

  BenchReport.Recovery run() throws Exception {
    NodeId leader = Bench.awaitLeader(probe, cluster.endpoints(), Duration.ofSeconds(60));
    write(leader);
    NodeId follower = cluster.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    long committed = status(leader).commitIndex();
    cluster.kill(follower);
    long journal = size(cluster.dataDir(follower).resolve("journal"));
    long snapshots = size(cluster.dataDir(follower).resolve("snapshots"));
    say.say("stopped %s: journal %.1f MB, journal snapshots %.1f MB; restarting it ...", follower, journal / 1e6,
        snapshots / 1e6);
    long started = System.nanoTime();
    cluster.start(follower);
    long deadline = started + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      NodeStatus s = statusOrNull(follower);
      if (s != null && s.lastApplied() >= committed) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(follower + " did not apply index " + committed + " within 120 s of its"
            + " restart");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    say.say("%s restarted and applied all %d committed entries in %d ms", follower, committed, millis);
    return new BenchReport.Recovery(config.recoveryWrites(), journal, snapshots, millis);
  }

  /** {@code recoveryWrites} puts from 64 closed-loop writers in the leader's ActorSystem. */
  private void write(NodeId leader) throws Exception {
    KvClient kv = new KvClient(RaftClient.create(cluster.system(leader), RaftClientSettings.of(cluster.endpoints())
        .withDeadline(Duration.ofSeconds(30))));
    long total = config.recoveryWrites();
    say.say("writing %d puts with %d writers ...", total, WRITERS);
    String value = "v".repeat(config.valueSize());
    AtomicLong issued = new AtomicLong();
    AtomicLong done = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    for (int w = 0; w < WRITERS; w++) {
      next(kv, value, total, issued, done, failure, finished);
    }
    long step = Math.max(1, total / 5);
    long reported = 0;
    while (!finished.isDone()) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      if (done.get() >= reported + step) {
        reported = done.get() / step * step;
        say.say("%d of %d written", Math.min(reported, total), total);
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a put failed while writing for the recovery run", failure.get());
    }
  }

  private void next(KvClient kv, String value, long total, AtomicLong issued, AtomicLong done,
      AtomicReference<Throwable> failure, CompletableFuture<Void> finished) {
    long n = issued.incrementAndGet();
    if (n > total || failure.get() != null) {
      return;
    }
    kv.put("key-" + (n % config.keys()), value).whenComplete((ok, error) -> {
      if (error != null) {
        failure.compareAndSet(null, error);
        finished.complete(null);
      } else if (done.incrementAndGet() == total) {
        finished.complete(null);
      } else {
        next(kv, value, total, issued, done, failure, finished);
      }
    });
  }

  private NodeStatus status(NodeId id) throws Exception {
    return probe.status(id).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** The node's status, or null while it does not answer (it is still starting). */
  private NodeStatus statusOrNull(NodeId id) {
    try {
      return probe.status(id).toCompletableFuture().get(1, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  static long size(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
