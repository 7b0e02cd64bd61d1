package org.pekkoraft.multijvm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.client.RaftClientException;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.lincheck.History;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvOutput;

/**
 * One client of the nemesis run: random put, get, cas and delete on a few shared keys, one operation at a time
 * through its own {@link RaftClient} (its own session), each recorded in the shared lincheck {@link History}:
 * invoked just before it is sent, ok with the answer, info when a write's outcome is unknown (the client gave up:
 * it may still apply), fail only for a read that got no answer (a read has no effect). After an info the client
 * continues as a new history process, as in Jepsen, since the abandoned write is still "in flight".
 */
final class KvWorker {

  private static final int MAX_THINK_MS = 20;

  private final RaftClient client;
  private final KvClient kv;
  private final Random random;
  private final List<String> keys;
  private final SharedRun shared;
  private final String name;
  /** The last value this client saw for each key (null: absent), for cas operations that can succeed. */
  private final Map<String, String> seen = new HashMap<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private int process;
  private long sequence;

  KvWorker(int process, RaftClient client, SharedRun shared, long seed, List<String> keys) {
    this.process = process;
    this.name = "w" + process;
    this.client = client;
    this.kv = new KvClient(client);
    this.random = new Random(seed);
    this.keys = keys;
    this.shared = shared;
  }

  /** Starts the loop; the returned future completes once the client has stopped and its last operation ended. */
  CompletableFuture<Void> start() {
    next();
    return done;
  }

  private void next() {
    if (!shared.running().get()) {
      done.complete(null);
      return;
    }
    KvInput input = nextInput();
    History.Handle handle = shared.history().invoke(process, input);
    CompletionStage<KvOutput> op;
    try {
      op = execute(input);
    } catch (RuntimeException e) {
      op = CompletableFuture.failedFuture(e);
    }
    op.whenComplete((output, error) -> {
      record(input, handle, output, error);
      CompletableFuture.delayedExecutor(random.nextInt(MAX_THINK_MS + 1), TimeUnit.MILLISECONDS).execute(this::next);
    });
  }

  private void record(KvInput input, History.Handle handle, KvOutput output, Throwable error) {
    String kind = kind(input);
    if (error == null) {
      shared.history().ok(handle, output);
      shared.counts().add(kind, OpCounts.Outcome.OK);
      remember(input, output);
      if (!(input instanceof KvInput.Get)) {
        shared.failovers().acknowledged(client.leaderGuess(), System.nanoTime());
      }
      return;
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof RaftClientException e && e.kind() == RaftClientException.Kind.REJECTED) {
      shared.counts().rejected();
    }
    if (input instanceof KvInput.Get) {
      shared.history().fail(handle);
      shared.counts().add(kind, OpCounts.Outcome.FAIL);
    } else {
      shared.history().info(handle);
      shared.counts().add(kind, OpCounts.Outcome.INFO);
      process = shared.processes().incrementAndGet();
      seen.remove(input.key());
    }
  }

  private KvInput nextInput() {
    String key = keys.get(random.nextInt(keys.size()));
    int dice = random.nextInt(100);
    if (dice < 35) {
      return new KvInput.Put(key, value());
    }
    if (dice < 70) {
      return new KvInput.Get(key);
    }
    if (dice < 90) {
      // Mostly the value last seen, so that some succeed; sometimes "absent".
      String expected = random.nextInt(4) == 0 ? null : seen.get(key);
      return new KvInput.Cas(key, expected, value());
    }
    return new KvInput.Delete(key);
  }

  private CompletionStage<KvOutput> execute(KvInput input) {
    if (input instanceof KvInput.Put put) {
      return kv.put(put.key(), put.value()).thenApply(v -> KvOutput.OK);
    }
    if (input instanceof KvInput.Get get) {
      return kv.get(get.key()).thenApply(v -> new KvOutput.Value(v.orElse(null)));
    }
    if (input instanceof KvInput.Cas cas) {
      return kv.cas(cas.key(), cas.expected(), cas.newValue()).thenApply(r -> new KvOutput.Applied(r.applied()));
    }
    if (input instanceof KvInput.Delete delete) {
      return kv.delete(delete.key()).thenApply(KvOutput.Existed::new);
    }
    throw new IllegalArgumentException("no such operation " + input);
  }

  private void remember(KvInput input, KvOutput output) {
    if (output instanceof KvOutput.Value v) {
      seen.put(input.key(), v.value());
    } else if (input instanceof KvInput.Put put) {
      seen.put(put.key(), put.value());
    } else if (input instanceof KvInput.Cas cas && ((KvOutput.Applied) output).applied()) {
      seen.put(cas.key(), cas.newValue());
    } else if (input instanceof KvInput.Delete) {
      seen.put(input.key(), null);
    }
  }

  private String value() {
    return name + "-" + (++sequence);
  }

  static String kind(KvInput input) {
    return input.getClass().getSimpleName().toLowerCase();
  }
}
