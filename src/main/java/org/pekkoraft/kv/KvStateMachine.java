package org.pekkoraft.kv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.pekkoraft.statemachine.Codec;
import org.pekkoraft.statemachine.StateMachine;

/**
 * A replicated map of byte strings with range reads and transactions. A hash map, because every committed write
 * lands here on every node (a sorted map cost 10% of the CPU at 64 writers in bin/raft bench); the sorted index that
 * ranges need is built on the first range and kept from then on (it changes only when a key is added or removed,
 * not when a value is overwritten). Snapshots write the keys in sorted order, so that snapshots of equal states are
 * equal bytes ({@link KvSnapshot}).
 *
 * <p>The key rules of {@link KvLimits} are checked where commands enter: {@link KvClient}, the leader
 * ({@link #validate}) and the command format ({@link KvCodec}, which cannot carry a command that breaks them).
 * {@link #apply} takes what the log holds, so that commands logged before the rules existed apply as they did.
 */
public final class KvStateMachine implements StateMachine<KvCommand, KvResult> {

  private HashMap<Bytes, Bytes> data = new HashMap<>();
  /** The keys, sorted; null until the first range asks for it. */
  private TreeSet<Bytes> sorted;

  @Override
  public KvResult apply(long index, KvCommand command) {
    if (command instanceof KvCommand.Put p) {
      put(p.key(), p.value());
      return new KvResult.Done();
    }
    if (command instanceof KvCommand.Delete d) {
      return new KvResult.Deleted(remove(d.key()));
    }
    if (command instanceof KvCommand.Cas c) {
      Bytes current = data.get(c.key());
      boolean matches = c.expected() == null ? current == null : c.expected().equals(current);
      if (matches) {
        put(c.key(), c.newValue());
      }
      return new KvResult.CasResult(matches, Optional.ofNullable(current));
    }
    if (command instanceof KvCommand.Txn t) {
      boolean holds = t.compares().stream().allMatch(this::holds);
      for (KvCommand.TxnOp op : holds ? t.success() : t.failure()) {
        if (op instanceof KvCommand.Put p) {
          put(p.key(), p.value());
        } else {
          remove(op.key());
        }
      }
      return new KvResult.TxnResult(holds);
    }
    return query(command);
  }

  /** Refuses, before the log, a command whose keys break {@link KvLimits}, whatever format it came in. */
  @Override
  public void validate(KvCommand command) {
    KvLimits.check(command);
  }

  @Override
  public KvResult query(KvCommand query) {
    if (query instanceof KvCommand.Get g) {
      return new KvResult.Value(Optional.ofNullable(data.get(g.key())));
    }
    if (query instanceof KvCommand.Range r) {
      return range(r);
    }
    throw new IllegalArgumentException("only get and range are read-only, not " + query.getClass().getSimpleName());
  }

  private boolean holds(KvCommand.Compare compare) {
    Bytes current = data.get(compare.key());
    return compare instanceof KvCommand.Compare.ValueIs v ? v.value().equals(current) : current == null;
  }

  private void put(Bytes key, Bytes value) {
    if (data.put(key, value) == null && sorted != null) {
      sorted.add(key);
    }
  }

  private boolean remove(Bytes key) {
    boolean existed = data.remove(key) != null;
    if (existed && sorted != null) {
      sorted.remove(key);
    }
    return existed;
  }

  /**
   * Up to the limit asked (at most {@link KvLimits#MAX_RANGE_ENTRIES}) and {@link KvLimits#MAX_RANGE_BYTES} of
   * keys and values, the first entry always, so that a caller paging from {@link KvResult.RangeResult#nextFrom}
   * gets through any range.
   */
  private KvResult.RangeResult range(KvCommand.Range r) {
    KvLimits.checkRangeLimit(r.limit());
    List<KvResult.Entry> entries = new ArrayList<>();
    long bytes = 0;
    for (Bytes key : keys(r.from(), r.to())) {
      Bytes value = data.get(key);
      long size = 4L + key.size() + 4L + value.size();
      if (entries.size() == r.limit() || (!entries.isEmpty() && bytes + size > KvLimits.MAX_RANGE_BYTES)) {
        return new KvResult.RangeResult(entries, true);
      }
      entries.add(new KvResult.Entry(key, value));
      bytes += size;
    }
    return new KvResult.RangeResult(entries, false);
  }

  private NavigableSet<Bytes> keys(Bytes from, Bytes to) {
    if (sorted == null) {
      sorted = new TreeSet<>(data.keySet());
    }
    if (to == null) {
      return sorted.tailSet(from, true);
    }
    return from.compareTo(to) < 0 ? sorted.subSet(from, true, to, false) : Collections.emptyNavigableSet();
  }

  public int size() {
    return data.size();
  }

  @Override
  public byte[] snapshot() {
    return KvSnapshot.write(data);
  }

  /** A copy of the map (about a millisecond for 10 000 keys), sorted and written when the supplier runs. */
  @Override
  public Supplier<byte[]> snapshotView() {
    HashMap<Bytes, Bytes> copy = new HashMap<>(data);
    return () -> KvSnapshot.write(copy);
  }

  /** Replaces the state, or throws IllegalArgumentException and leaves it unchanged ({@link KvSnapshot#read}). */
  @Override
  public void restore(byte[] snapshot) {
    data = KvSnapshot.read(snapshot);
    sorted = null;
  }

  @Override
  public Codec<KvCommand> commandCodec() {
    return KvCodec.COMMANDS;
  }

  @Override
  public Codec<KvResult> resultCodec() {
    return KvCodec.RESULTS;
  }
}
