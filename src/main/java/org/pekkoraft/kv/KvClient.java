package org.pekkoraft.kv;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.pekkoraft.client.RaftClient;

/** Typed key-value operations over a {@link RaftClient}. Gets are linearizable reads without a log write. */
public final class KvClient {

  private final RaftClient client;

  public KvClient(RaftClient client) {
    this.client = client;
  }

  public RaftClient raftClient() {
    return client;
  }

  public CompletionStage<Void> put(String key, String value) {
    return write(new KvCommand.Put(key, value)).thenApply(r -> null);
  }

  public CompletionStage<Optional<String>> get(String key) {
    return client.query(KvCodec.COMMANDS.encode(new KvCommand.Get(key)))
        .thenApply(bytes -> ((KvResult.Value) KvCodec.RESULTS.decode(bytes)).value());
  }

  /** Completes with whether the key existed. */
  public CompletionStage<Boolean> delete(String key) {
    return write(new KvCommand.Delete(key)).thenApply(r -> ((KvResult.Deleted) r).existed());
  }

  /** Sets {@code key} to {@code newValue} if it is {@code expected} ({@code null}: absent). */
  public CompletionStage<KvResult.CasResult> cas(String key, String expected, String newValue) {
    return write(new KvCommand.Cas(key, expected, newValue)).thenApply(r -> (KvResult.CasResult) r);
  }

  private CompletionStage<KvResult> write(KvCommand command) {
    return client.submit(KvCodec.COMMANDS.encode(command)).thenApply(KvCodec.RESULTS::decode);
  }
}
