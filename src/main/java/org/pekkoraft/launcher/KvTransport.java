package org.pekkoraft.launcher;

import java.util.Optional;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;

/**
 * The key-value requests of the client commands, each answered within the command's deadline or failed with a
 * {@link LauncherException} that carries the exit code: over the nodes' HTTP API ({@link HttpKv}) or, where no API
 * is known, over Artery ({@link ArteryKv}).
 */
interface KvTransport {

  void put(Bytes key, Bytes value);

  /** The value, or empty when the key is absent. */
  Optional<Bytes> get(Bytes key);

  /** Whether the key was there. */
  boolean delete(Bytes key);

  /** {@code expected} null: the key must be absent. */
  KvResult.CasResult cas(Bytes key, Bytes expected, Bytes newValue);

  /** The first keys in [from, to) ({@code to} null: to the last key), at most {@code limit}. */
  KvResult.RangeResult range(Bytes from, Bytes to, int limit);

  KvResult.TxnResult txn(KvCommand.Txn txn);
}
