package org.pekkoraft.kv;

import java.util.List;
import java.util.Objects;

/**
 * A key-value command. {@link Get} and {@link Range} are read-only and served without a log write; the others
 * are applied through the log. Keys and values are {@link Bytes}; the commands that existed before keys were
 * bytes keep a constructor taking text (UTF-8). The key rules ({@link KvLimits}) are checked where commands enter
 * (KvClient, the leader, the encoder), not here, so that commands logged before the rules existed still decode.
 */
public sealed interface KvCommand {

  /** An operation of a {@link Txn}: a put or a delete. */
  sealed interface TxnOp permits Put, Delete {
    Bytes key();
  }

  record Put(Bytes key, Bytes value) implements KvCommand, TxnOp {
    public Put {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }

    /** Text as UTF-8. */
    public Put(String key, String value) {
      this(Bytes.utf8(key), Bytes.utf8(value));
    }
  }

  record Get(Bytes key) implements KvCommand {
    public Get {
      Objects.requireNonNull(key, "key");
    }

    public Get(String key) {
      this(Bytes.utf8(key));
    }
  }

  record Delete(Bytes key) implements KvCommand, TxnOp {
    public Delete {
      Objects.requireNonNull(key, "key");
    }

    public Delete(String key) {
      this(Bytes.utf8(key));
    }
  }

  /** Sets {@code key} to {@code newValue} if its value is {@code expected}; {@code expected == null} means absent. */
  record Cas(Bytes key, Bytes expected, Bytes newValue) implements KvCommand {
    public Cas {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(newValue, "newValue");
    }

    /** Text as UTF-8; {@code expected == null} means absent. */
    public Cas(String key, String expected, String newValue) {
      this(Bytes.utf8(key), expected == null ? null : Bytes.utf8(expected), Bytes.utf8(newValue));
    }
  }

  /**
   * The keys in [{@code from}, {@code to}) in ascending order ({@link Bytes#compareTo}), at most {@code limit} of
   * them; {@code to == null} means to the end of the key space, {@link Bytes#EMPTY} as {@code from} from its start.
   * A linearizable read, answered with {@link KvResult.RangeResult}, which says whether more keys follow.
   */
  record Range(Bytes from, Bytes to, int limit) implements KvCommand {
    public Range {
      Objects.requireNonNull(from, "from");
    }

    /** The keys that start with {@code prefix} (every key, for the empty prefix). */
    public static Range prefix(Bytes prefix, int limit) {
      return new Range(prefix, prefix.prefixEnd().orElse(null), limit);
    }
  }

  /**
   * A transaction, applied atomically as one log entry: if every compare holds, the {@code success} operations,
   * else the {@code failure} ones, each list in its order (a later operation on a key wins). Answered with
   * {@link KvResult.TxnResult}. The lists are copied; each holds at most {@link KvLimits#MAX_TXN_OPS}.
   */
  record Txn(List<Compare> compares, List<TxnOp> success, List<TxnOp> failure) implements KvCommand {
    public Txn {
      compares = List.copyOf(compares);
      success = List.copyOf(success);
      failure = List.copyOf(failure);
    }
  }

  /** A condition of a {@link Txn} on one key. */
  sealed interface Compare {

    Bytes key();

    /** Holds when {@code key} is present with exactly this value. */
    record ValueIs(Bytes key, Bytes value) implements Compare {
      public ValueIs {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
      }
    }

    /** Holds when {@code key} is absent. */
    record Absent(Bytes key) implements Compare {
      public Absent {
        Objects.requireNonNull(key, "key");
      }
    }
  }
}
