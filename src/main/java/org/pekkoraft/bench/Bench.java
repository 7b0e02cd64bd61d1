package org.pekkoraft.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.client.RaftClientSettings;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.node.ArteryTls;
import org.pekkoraft.node.ThreadPools;
import org.pekkoraft.protocol.NodeStatus;

/**
 * Runs a benchmark: for each writer count, a warm-up and a measured window of closed-loop puts (a write counts when
 * it is committed, applied and acknowledged, fsync on); then, if asked, the leader is killed under 8 writers and
 * the time until a new leader acknowledges a write is measured, the killed node restarted and caught up, again.
 */
public final class Bench {

  private final BenchConfig config;
  private final PrintStream progress;
  private final long started = System.nanoTime();

  private Bench(BenchConfig config, PrintStream progress) {
    this.config = config;
    this.progress = progress;
  }

  /** Mutual TLS with the credentials in {@code dir}, or plain TCP when it is null. */
  static Config transport(Path dir) {
    return dir == null ? ArteryTls.plaintext() : ArteryTls.config(dir);
  }

  public static BenchReport run(BenchConfig config, PrintStream progress) throws Exception {
    return new Bench(config, progress).run();
  }

  private BenchReport run() throws Exception {
    ActorSystem<Void> clientSystem = ActorSystem.create(Behaviors.empty(), "bench-client", ThreadPools.under(
        ConfigFactory.parseString("""
        pekko.actor.provider = remote
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.loglevel = WARNING
        pekko.remote.warn-about-direct-use = off
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """).withFallback(transport(config.clientCredentials()))));
    BenchCluster cluster = config.inProcess()
        ? new BenchCluster(config.dataDir(), config.nodes(), config.snapshotEvery(), config.nodeCredentials())
        : null;
    try {
      Map<NodeId, String> endpoints;
      if (cluster != null) {
        say("starting %d nodes in this JVM (Artery %s on 127.0.0.1, LevelDB with fsync on, data in %s)",
            config.nodes(), config.tls() ? "over mutual TLS" : "over plain TCP", config.dataDir());
        cluster.startAll();
        endpoints = cluster.endpoints();
      } else {
        // Named by their endpoints until leader hints tell the client their ids, as bin/raft's clients do.
        endpoints = new LinkedHashMap<>();
        for (String endpoint : config.external()) {
          endpoints.put(NodeId.of(endpoint), endpoint);
        }
      }
      RaftClient remote = RaftClient.create(clientSystem, RaftClientSettings.of(endpoints)
          .withAttemptTimeout(Duration.ofMillis(100)).withDeadline(Duration.ofSeconds(30))
          .withMaxBatchesInFlight(config.batchesInFlight()));
      NodeId leader = awaitLeader(remote, endpoints, Duration.ofSeconds(60));
      say("leader is %s", leader);
      List<BenchReport.Row> rows = new ArrayList<>();
      for (int clients : config.clients()) {
        RaftClient client = cluster != null && !config.remoteClients()
            ? RaftClient.create(cluster.system(leader), RaftClientSettings.of(endpoints)
                .withDeadline(Duration.ofSeconds(30)).withMaxBatchesInFlight(config.batchesInFlight()))
            : remote;
        rows.add(measure(new KvClient(client), clients));
      }
      BenchReport.Recovery recovery = null;
      if (config.recoveryWrites() > 0 && cluster != null) {
        recovery = new RecoveryRun(cluster, remote, config, this::say).run();
      } else if (config.recoveryWrites() > 0) {
        say("recovery needs nodes started by the bench (it stops one): skipped for an external cluster");
      }
      List<Long> failovers = new ArrayList<>();
      if (config.failovers() > 0 && cluster != null) {
        failovers = new FailoverRun(cluster, remote, config, this::say).run();
      } else if (config.failovers() > 0) {
        say("failover needs nodes started by the bench (it kills them): skipped for an external cluster");
      }
      return new BenchReport(setup(), rows, failovers, recovery);
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      clientSystem.terminate();
      clientSystem.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private BenchReport.Row measure(KvClient kv, int clients) throws Exception {
    say("%d writers: %d s warm-up, then %d s measured ...", clients, config.warmup().toSeconds(),
        config.measure().toSeconds());
    ClosedLoop loop = new ClosedLoop(kv, config.keys(), config.valueSize(), 42);
    AtomicLong cpuAtStart = new AtomicLong();
    AtomicLong switchesAtStart = new AtomicLong();
    ClosedLoop.Window w = loop.run(clients, config.warmup().toNanos(), config.measure().toNanos(), () -> {
      cpuAtStart.set(processCpuNanos());
      switchesAtStart.set(ContextSwitches.voluntary());
    }, t -> { });
    double cpuPerOp = w.ops() == 0 ? Double.NaN : (processCpuNanos() - cpuAtStart.get()) / 1000.0 / w.ops();
    long switchesAtEnd = ContextSwitches.voluntary();
    double switchesPerOp = w.ops() == 0 || switchesAtEnd < 0 || switchesAtStart.get() < 0 ? Double.NaN
        : (double) (switchesAtEnd - switchesAtStart.get()) / w.ops();
    int threads = ContextSwitches.threads();
    BenchReport.Row row = new BenchReport.Row(clients, w.opsPerSecond(), w.latencies().quantileMs(0.5),
        w.latencies().quantileMs(0.99), w.latencies().quantileMs(0.999), cpuPerOp, heapAfterGcMb(), w.errors(),
        switchesPerOp, threads, w.ackedSecondsShare());
    say("%d writers: %.0f writes/s, p50 %.3f ms, p99 %.3f ms, %.1f context switches per write, %d threads,"
        + " writes acknowledged in %d of %d s", clients, row.opsPerSecond(), row.p50Ms(), row.p99Ms(), switchesPerOp,
        threads, w.secondsWithAck(), (int) w.seconds());
    if (w.errors() > 0) {
      say("%d writers: %d writes failed (warm-up included); the first: %s", clients, w.errors(), w.firstError());
    }
    return row;
  }

  /** The node that leads in the highest term any node reports, once one does. */
  static NodeId awaitLeader(RaftClient client, Map<NodeId, String> endpoints, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      NodeId leader = null;
      long term = -1;
      for (NodeId id : endpoints.keySet()) {
        try {
          NodeStatus s = client.status(id).toCompletableFuture().get(2, TimeUnit.SECONDS);
          if (s.role() == Role.LEADER && s.term() > term) {
            leader = s.nodeId();
            term = s.term();
          }
        } catch (Exception e) {
          // Not answering (yet, or any more): the others decide.
        }
      }
      if (leader != null) {
        return leader;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    throw new IllegalStateException("no leader within " + timeout.toSeconds() + " s");
  }

  private String setup() {
    String where = config.inProcess()
        ? config.nodes() + " nodes in one JVM over Artery, LevelDB fsync on, writers "
            + (config.remoteClients() ? "in their own ActorSystem over Artery" : "in the leader's ActorSystem")
        : "cluster at " + config.external() + " (CPU and heap are this client JVM's)";
    String snapshots = config.snapshotEvery() < 0 ? "" : config.snapshotEvery() == 0 ? ", no snapshots"
        : ", snapshot every " + config.snapshotEvery() + " entries";
    String windows = config.clients().isEmpty() ? "" : String.format(Locale.ROOT, ", warm-up %d s, window %d s",
        config.warmup().toSeconds(), config.measure().toSeconds());
    return String.format(Locale.ROOT, "%s%s; %d-byte values, %d keys%s; %d cores, %s",
        where, snapshots, config.valueSize(), config.keys(), windows,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
            + System.getProperty("java.version"));
  }

  void say(String format, Object... args) {
    progress.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, String.format(Locale.ROOT,
        format, args));
    progress.flush();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Heap in use after a full collection, in MB. */
  static double heapAfterGcMb() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }
}
