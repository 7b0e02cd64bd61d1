package org.pekkoraft.kv;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.pekkoraft.client.RaftClient;

/**
 * Typed key-value operations over a {@link RaftClient}. Keys and values are {@link Bytes}; each operation also
 * takes text, as UTF-8. Gets and ranges are linearizable reads without a log write.
 *
 * <p>A key must be 1 to {@link KvLimits#MAX_KEY_BYTES} bytes: any other is refused here, with an
 * IllegalArgumentException thrown before anything is sent. Failures of the request itself complete the stage
 * exceptionally, with a {@link org.pekkoraft.client.RaftClientException} (the leader's refusal, a timeout).
 */
public final class KvClient {

  private final RaftClient client;

  public KvClient(RaftClient client) {
    this.client = client;
  }

  public RaftClient raftClient() {
    return client;
  }

  public CompletionStage<Void> put(Bytes key, Bytes value) {
    return write(new KvCommand.Put(key, value)).thenApply(r -> null);
  }

  public CompletionStage<Void> put(String key, String value) {
    return put(Bytes.utf8(key), Bytes.utf8(value));
  }

  public CompletionStage<Optional<Bytes>> get(Bytes key) {
    return read(new KvCommand.Get(key)).thenApply(r -> ((KvResult.Value) r).value());
  }

  /**
   * The value as UTF-8 text. A value that is not well-formed UTF-8 completes the stage exceptionally (an
   * IllegalStateException) rather than come back altered: read such values with {@link #get(Bytes)}.
   */
  public CompletionStage<Optional<String>> get(String key) {
    return get(Bytes.utf8(key)).thenApply(value -> value.map(Bytes::toUtf8));
  }

  /** Completes with whether the key existed. */
  public CompletionStage<Boolean> delete(Bytes key) {
    return write(new KvCommand.Delete(key)).thenApply(r -> ((KvResult.Deleted) r).existed());
  }

  public CompletionStage<Boolean> delete(String key) {
    return delete(Bytes.utf8(key));
  }

  /** Sets {@code key} to {@code newValue} if it is {@code expected} ({@code null}: absent). */
  public CompletionStage<KvResult.CasResult> cas(Bytes key, Bytes expected, Bytes newValue) {
    return write(new KvCommand.Cas(key, expected, newValue)).thenApply(r -> (KvResult.CasResult) r);
  }

  public CompletionStage<KvResult.CasResult> cas(String key, String expected, String newValue) {
    return cas(Bytes.utf8(key), expected == null ? null : Bytes.utf8(expected), Bytes.utf8(newValue));
  }

  /**
   * The first keys in [{@code from}, {@code to}) ({@code to == null}: to the end), at most {@code limit} (1 to
   * {@link KvLimits#MAX_RANGE_ENTRIES}) and as many as fit {@link KvLimits#MAX_RANGE_BYTES}; when
   * {@link KvResult.RangeResult#more()}, continue from {@link KvResult.RangeResult#nextFrom()}. Each call is one
   * linearizable read: a range read in several calls is not one snapshot.
   */
  public CompletionStage<KvResult.RangeResult> range(Bytes from, Bytes to, int limit) {
    return read(new KvCommand.Range(from, to, limit)).thenApply(r -> (KvResult.RangeResult) r);
  }

  /** As {@link #range}, for the keys that start with {@code prefix}. */
  public CompletionStage<KvResult.RangeResult> prefix(Bytes prefix, int limit) {
    return read(KvCommand.Range.prefix(prefix, limit)).thenApply(r -> (KvResult.RangeResult) r);
  }

  /** Applies {@code txn} atomically: its success operations if every compare holds, else its failure ones. */
  public CompletionStage<KvResult.TxnResult> txn(KvCommand.Txn txn) {
    return write(txn).thenApply(r -> (KvResult.TxnResult) r);
  }

  private CompletionStage<KvResult> write(KvCommand command) {
    byte[] encoded = encode(command);
    return client.submit(encoded).thenApply(KvCodec.RESULTS::decode);
  }

  private CompletionStage<KvResult> read(KvCommand query) {
    byte[] encoded = encode(query);
    return client.query(encoded).thenApply(KvCodec.RESULTS::decode);
  }

  /** Refuses a command that breaks {@link KvLimits} here, before anything is sent. */
  private static byte[] encode(KvCommand command) {
    KvLimits.check(command);
    return KvCodec.COMMANDS.encode(command);
  }
}
