package org.pekkoraft.multijvm;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.lincheck.History;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvOutput;

/**
 * A client lane that writes each key once ({@code <prefix>-<n>}), one write at a time, and keeps the ones that
 * were acknowledged: nothing else writes them, so each must read back with its value at the end, however the
 * nemesis treated the cluster. Its operations go into the history too.
 */
final class DurabilityWriter {

  private final KvClient kv;
  private final RaftClient client;
  private final History<KvInput, KvOutput> history;
  private final String prefix;
  private final AtomicBoolean running;
  private final AtomicInteger processes;
  private final OpCounts counts;
  private final Failovers failovers;
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private int process;
  private long n;

  DurabilityWriter(int process, RaftClient client, History<KvInput, KvOutput> history, String prefix,
      AtomicBoolean running, AtomicInteger processes, OpCounts counts, Failovers failovers) {
    this.process = process;
    this.client = client;
    this.kv = new KvClient(client);
    this.history = history;
    this.prefix = prefix;
    this.running = running;
    this.processes = processes;
    this.counts = counts;
    this.failovers = failovers;
  }

  CompletableFuture<Void> start() {
    next();
    return done;
  }

  Map<String, String> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  private void next() {
    if (!running.get()) {
      done.complete(null);
      return;
    }
    String key = prefix + "-" + (++n);
    String value = "v" + n;
    History.Handle handle = history.invoke(process, new KvInput.Put(key, value));
    kv.put(key, value).whenComplete((ok, error) -> {
      if (error == null) {
        history.ok(handle, KvOutput.OK);
        counts.add("unique put", OpCounts.Outcome.OK);
        acknowledged.put(key, value);
        failovers.acknowledged(client.leaderGuess(), System.nanoTime());
      } else {
        history.info(handle);
        counts.add("unique put", OpCounts.Outcome.INFO);
        process = processes.incrementAndGet();
      }
      next();
    });
  }
}
