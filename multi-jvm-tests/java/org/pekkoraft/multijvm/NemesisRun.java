package org.pekkoraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.lincheck.History;
import org.pekkoraft.lincheck.HistoryFile;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvModel;
import org.pekkoraft.lincheck.KvOutput;
import org.pekkoraft.lincheck.KvTextCodec;
import org.pekkoraft.lincheck.LinearizabilityChecker;
import org.pekkoraft.lincheck.Operation;
import org.pekkoraft.lincheck.Result;
import org.pekkoraft.lincheck.Verdict;
import org.pekkoraft.testkit.Verify;

/**
 * A Jepsen-style run against a {@link ProcessCluster}: {@link KvWorker}s and a {@link DurabilityWriter} work while
 * the {@link Nemesis} injects faults; then every fault is undone, the cluster must converge, each shared key is
 * read once more, every acknowledged unique write must read back, and the whole history must be linearizable.
 * The history is saved next to the nodes' files (replayable with {@link HistoryFile}).
 */
final class NemesisRun {

  private static final Duration ATTEMPT = Duration.ofMillis(500);
  /** Short, so that faults leave writes of unknown outcome (info) in the history: the cases worth checking. */
  private static final Duration DEADLINE = Duration.ofSeconds(2);
  private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(3);
  private static final int KEYS = 5;

  private NemesisRun() {}

  static void run(ProcessCluster cluster, String label) throws Exception {
    NemesisSettings settings = NemesisSettings.fromSystemProperties();
    Report.line("nemesis %s: seed %d, %d s of faults, %d clients + 1 unique-key writer (replay: %s)", label,
        settings.seed(), settings.seconds(), settings.clients(), settings.replay());
    cluster.restoreAll();
    cluster.status().awaitLeader(ProcessCluster.WAIT);

    String prefix = label.replace(' ', '-') + "-" + Long.toHexString(settings.seed());
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      keys.add(prefix + "-k" + i);
    }
    History<KvInput, KvOutput> history = new History<>();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger processes = new AtomicInteger(1000);
    OpCounts counts = new OpCounts();
    Failovers failovers = new Failovers();
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    SharedRun shared = new SharedRun(history, running, processes, counts, failovers);
    for (int i = 0; i < settings.clients(); i++) {
      clients.add(new KvWorker(i, cluster.client(ATTEMPT, DEADLINE), shared, settings.seed() + 1 + i, keys)
          .start());
    }
    DurabilityWriter unique = new DurabilityWriter(settings.clients(), cluster.client(ATTEMPT, DEADLINE), shared,
        prefix + "-unique");
    clients.add(unique.start());

    long started = System.nanoTime();
    AtomicBoolean abort = new AtomicBoolean();
    Nemesis nemesis = new Nemesis(cluster, settings.seed(), Duration.ofSeconds(settings.seconds()), failovers,
        abort);
    Thread thread = new Thread(nemesis, "nemesis-" + label);
    thread.start();
    try {
      thread.join(Duration.ofSeconds(settings.seconds()).plusMinutes(5).toMillis());
    } finally {
      abort.set(true);
      running.set(false);
    }
    CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (thread.isAlive() || nemesis.failure() != null) {
      throw new AssertionError("the nemesis " + (thread.isAlive() ? "did not finish" : "failed") + " (seed "
          + settings.seed() + "); faults so far:\n  " + String.join("\n  ", nemesis.log()), nemesis.failure());
    }

    cluster.restoreAll();
    cluster.status().awaitConverged(ProcessCluster.WAIT);
    readEveryKeyOnceMore(cluster, history, keys, processes.incrementAndGet());
    List<String> lost = Verify.unreadable(new KvClient(cluster.client(ATTEMPT, Duration.ofSeconds(30))),
        unique.acknowledged());

    List<Operation<KvInput, KvOutput>> operations = history.operations();
    Path file = cluster.runDir.resolve("history-" + label.replace(' ', '-') + ".txt");
    HistoryFile.write(file, operations, new KvTextCodec());
    long checking = System.nanoTime();
    Result result = LinearizabilityChecker.check(new KvModel(), operations, CHECK_TIMEOUT);
    double checkSeconds = (System.nanoTime() - checking) / 1e9;

    Report.line("nemesis %s: %d operations in %.0f s: %d ok, %d info, %d fail; %s", label, counts.total(), seconds,
        counts.total(OpCounts.Outcome.OK), counts.total(OpCounts.Outcome.INFO), counts.total(OpCounts.Outcome.FAIL),
        counts);
    Report.line("nemesis %s: %d faults:%n  %s", label, nemesis.log().size(), String.join("\n  ", nemesis.log()));
    Report.line("nemesis %s: failovers after killing the leader: %s", label, failovers.measured());
    Report.line("nemesis %s: %d acknowledged unique writes, %d lost; history %s; %s (checked in %.1f s)", label,
        unique.acknowledged().size(), lost.size(), file, result, checkSeconds);

    String replay = " (replay with " + settings.replay() + "; history in " + file + ")";
    assertEquals(Verdict.LINEARIZABLE, result.verdict(), result.explanation() + replay);
    assertEquals(List.of(), lost, "acknowledged writes lost" + replay);
    assertEquals(0, counts.rejectedCount(), "operations refused by a node" + replay);
    assertTrue(!nemesis.log().isEmpty(), "the nemesis injected no fault" + replay);
    // Not a throughput test (a busy machine can starve five nodes for seconds), but a run must not be vacuous.
    assertTrue(counts.total(OpCounts.Outcome.OK) >= 50, "too little got done to mean anything: " + counts + replay);
  }

  /** After the faults, with the cluster whole: one more read of each shared key pins down its final value. */
  private static void readEveryKeyOnceMore(ProcessCluster cluster, History<KvInput, KvOutput> history,
      List<String> keys, int process) throws Exception {
    KvClient kv = new KvClient(cluster.client(ATTEMPT, Duration.ofSeconds(30)));
    for (String key : keys) {
      History.Handle handle = history.invoke(process, new KvInput.Get(key));
      String value = kv.get(key).toCompletableFuture().get(60, TimeUnit.SECONDS).orElse(null);
      history.ok(handle, new KvOutput.Value(value));
    }
  }
}
