package org.pekkoraft.kv;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The result of a {@link KvCommand}. */
public sealed interface KvResult {

  /** A put succeeded. */
  record Done() implements KvResult {}

  /** The value of a get, empty when the key is absent. */
  record Value(Optional<Bytes> value) implements KvResult {}

  /** A delete; {@code existed} tells whether the key was there. */
  record Deleted(boolean existed) implements KvResult {}

  /** A compare-and-set; when not applied, {@code current} is the value that did not match. */
  record CasResult(boolean applied, Optional<Bytes> current) implements KvResult {}

  /** One key and its value, as a range lists them. */
  record Entry(Bytes key, Bytes value) {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The first keys of a range, ascending; {@code more} when keys of the range follow the last one (cut by the
   * limit asked, {@link KvLimits#MAX_RANGE_ENTRIES} or {@link KvLimits#MAX_RANGE_BYTES}): ask again from
   * {@link #nextFrom()}.
   */
  record RangeResult(List<Entry> entries, boolean more) implements KvResult {
    public RangeResult {
      entries = List.copyOf(entries);
    }

    /** Where the rest of the range starts, when there is more. */
    public Optional<Bytes> nextFrom() {
      return more && !entries.isEmpty() ? Optional.of(entries.get(entries.size() - 1).key().successor())
          : Optional.empty();
    }
  }

  /** A transaction: {@code succeeded} when every compare held and the success operations were applied. */
  record TxnResult(boolean succeeded) implements KvResult {}
}
