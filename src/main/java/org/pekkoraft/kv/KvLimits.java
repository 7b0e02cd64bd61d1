package org.pekkoraft.kv;

import java.util.List;

/**
 * The bounds of the KV command format. They are constants, not settings, because they are part of what a command
 * means: every replica decodes the same log and must accept or refuse each command alike, so a per-node setting
 * could make replicas diverge. Values have no bound of their own: a whole command is bounded by the leader's
 * {@code pekko-raft.max-command-bytes} (64 KiB by default).
 */
public final class KvLimits {

  /**
   * The largest key, in bytes. Keys are held in memory on every replica, hashed and compared on every write and
   * repeated in every range answer and index; 4 KiB is far more than a path-like key needs, and in the range other
   * stores allow (FoundationDB 10 kB, DynamoDB's partition keys 2 KiB): a longer key is more likely a value in the
   * wrong place. A key is never empty (etcd refuses one too).
   */
  public static final int MAX_KEY_BYTES = 4096;

  /** The most entries one range answer holds, whatever limit the caller asks for. */
  public static final int MAX_RANGE_ENTRIES = 10_000;

  /**
   * The most bytes of keys and values one range answer holds (beyond its first entry, which is always included so
   * that paging makes progress): half of Artery's default frame of 256 KiB, which drops larger messages silently.
   */
  public static final int MAX_RANGE_BYTES = 128 * 1024;

  /** The most compares, and the most operations in each branch, of one transaction (etcd's default). */
  public static final int MAX_TXN_OPS = 128;

  private KvLimits() {}

  /** Throws IllegalArgumentException, saying why, unless {@code key} is 1 to {@link #MAX_KEY_BYTES} bytes. */
  public static void checkKey(Bytes key) {
    checkKeySize(key.size());
  }

  /** As {@link #checkKey}, for a key of {@code size} bytes (a length read from a frame, not yet trusted). */
  static void checkKeySize(int size) {
    if (size == 0) {
      throw new IllegalArgumentException("the key is empty: keys are 1 to " + MAX_KEY_BYTES + " bytes");
    }
    if (size < 0 || size > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("the key is " + size + " bytes: keys are 1 to " + MAX_KEY_BYTES
          + " bytes");
    }
  }

  /** Throws IllegalArgumentException unless a range limit is 1 to {@link #MAX_RANGE_ENTRIES}. */
  static void checkRangeLimit(int limit) {
    if (limit < 1 || limit > MAX_RANGE_ENTRIES) {
      throw new IllegalArgumentException("a range limit of " + limit + ": it must be 1 to " + MAX_RANGE_ENTRIES);
    }
  }

  /** Throws IllegalArgumentException if one of a transaction's lists is longer than {@link #MAX_TXN_OPS}. */
  static void checkTxnList(String name, List<?> list) {
    if (list.size() > MAX_TXN_OPS) {
      throw new IllegalArgumentException("a transaction with " + list.size() + " " + name + ": at most "
          + MAX_TXN_OPS);
    }
  }

  /** Every key and bound of {@code command} within these limits, or an IllegalArgumentException saying which not. */
  public static void check(KvCommand command) {
    if (command instanceof KvCommand.Put p) {
      checkKey(p.key());
    } else if (command instanceof KvCommand.Get g) {
      checkKey(g.key());
    } else if (command instanceof KvCommand.Delete d) {
      checkKey(d.key());
    } else if (command instanceof KvCommand.Cas c) {
      checkKey(c.key());
    } else if (command instanceof KvCommand.Range r) {
      // Its bounds need not be keys: a page starts after the last key of the one before, one byte longer.
      checkRangeLimit(r.limit());
    } else {
      KvCommand.Txn t = (KvCommand.Txn) command;
      checkTxnList("compares", t.compares());
      checkTxnList("operations on success", t.success());
      checkTxnList("operations on failure", t.failure());
      t.compares().forEach(c -> checkKey(c.key()));
      t.success().forEach(op -> checkKey(op.key()));
      t.failure().forEach(op -> checkKey(op.key()));
    }
  }
}
