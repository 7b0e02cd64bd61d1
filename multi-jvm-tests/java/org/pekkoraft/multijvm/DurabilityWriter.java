package org.pekkoraft.multijvm;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
  private final String prefix;
  private final SharedRun shared;
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private int process;
  private long n;

  DurabilityWriter(int process, RaftClient client, SharedRun shared, String prefix) {
    this.process = process;
    this.client = client;
    this.kv = new KvClient(client);
    this.prefix = prefix;
    this.shared = shared;
  }

  CompletableFuture<Void> start() {
    next();
    return done;
  }

  Map<String, String> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  private void next() {
    if (!shared.running().get()) {
      done.complete(null);
      return;
    }
    String key = prefix + "-" + (++n);
    String value = "v" + n;
    History.Handle handle = shared.history().invoke(process, new KvInput.Put(key, value));
    kv.put(key, value).whenComplete((ok, error) -> {
      if (error == null) {
        shared.history().ok(handle, KvOutput.OK);
        shared.counts().add("unique put", OpCounts.Outcome.OK);
        acknowledged.put(key, value);
        shared.failovers().acknowledged(client.leaderGuess(), System.nanoTime());
      } else {
        shared.history().info(handle);
        shared.counts().add("unique put", OpCounts.Outcome.INFO);
        process = shared.processes().incrementAndGet();
      }
      next();
    });
  }
}
