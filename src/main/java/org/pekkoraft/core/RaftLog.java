package org.pekkoraft.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory view of one server's log: the entries after the last snapshot, plus the index and term of the
 * last entry the snapshot covers. Indexes start at 1; index 0 with term 0 is the empty log's sentinel.
 *
 * <p>This class holds no Raft rule beyond the log's own arithmetic. It does not know what is durable: that is
 * tracked by {@link Raft}.
 */
public final class RaftLog {

  private long snapshotIndex;
  private long snapshotTerm;
  /** entries.get(i) has index snapshotIndex + 1 + i. */
  private final ArrayList<LogEntry> entries = new ArrayList<>();

  public long snapshotIndex() {
    return snapshotIndex;
  }

  public long snapshotTerm() {
    return snapshotTerm;
  }

  /** The index of the first entry still held; {@code lastIndex() + 1} when only a snapshot remains. */
  public long firstIndex() {
    return snapshotIndex + 1;
  }

  public long lastIndex() {
    return snapshotIndex + entries.size();
  }

  public long lastTerm() {
    return entries.isEmpty() ? snapshotTerm : entries.get(entries.size() - 1).term();
  }

  public int size() {
    return entries.size();
  }

  /**
   * The term of the entry at {@code index}, or -1 when it is unknown: beyond the end of the log, or compacted into
   * the snapshot (except the snapshot's last entry, whose term is kept).
   */
  public long termAt(long index) {
    if (index == snapshotIndex) {
      return snapshotTerm;
    }
    if (index < snapshotIndex || index > lastIndex()) {
      return -1;
    }
    return entries.get((int) (index - snapshotIndex - 1)).term();
  }

  /**
   * True when this log holds an entry at {@code index} with term {@code term} (the AppendEntries check). An unknown
   * term (-1, which {@link #termAt} also returns beyond the end of the log) never matches anything.
   */
  public boolean matches(long index, long term) {
    return term >= 0 && termAt(index) == term;
  }

  public LogEntry entry(long index) {
    if (index <= snapshotIndex || index > lastIndex()) {
      throw new IndexOutOfBoundsException("no entry " + index + " in log (" + firstIndex() + ".." + lastIndex() + ")");
    }
    return entries.get((int) (index - snapshotIndex - 1));
  }

  /**
   * Up to {@code maxCount} entries from {@code from}, stopping before the total size would pass {@code maxBytes};
   * always at least one entry when one exists, so a single large entry still makes progress.
   */
  public List<LogEntry> slice(long from, int maxCount, long maxBytes) {
    if (from <= snapshotIndex) {
      throw new IndexOutOfBoundsException("entry " + from + " is compacted (snapshot at " + snapshotIndex + ")");
    }
    if (from > lastIndex()) {
      return List.of();
    }
    int start = (int) (from - snapshotIndex - 1);
    int end = (int) Math.min(entries.size(), (long) start + maxCount);
    long bytes = 0;
    int i = start;
    while (i < end) {
      bytes += entries.get(i).sizeInBytes();
      if (bytes > maxBytes && i > start) {
        break;
      }
      i++;
    }
    return List.copyOf(entries.subList(start, i));
  }

  /** Appends {@code entry}, which must carry index {@code lastIndex() + 1}. */
  public void append(LogEntry entry) {
    if (entry.index() != lastIndex() + 1) {
      throw new IllegalArgumentException("appending entry " + entry.index() + " after " + lastIndex());
    }
    entries.add(entry);
  }

  public void appendAll(List<LogEntry> batch) {
    for (LogEntry e : batch) {
      append(e);
    }
  }

  /** Removes the entries from {@code index} on. Raft calls this only for a conflicting, uncommitted suffix. */
  public void truncateFrom(long index) {
    if (index <= snapshotIndex) {
      throw new IllegalArgumentException("cannot truncate at " + index + ": snapshot covers up to " + snapshotIndex);
    }
    if (index <= lastIndex()) {
      entries.subList((int) (index - snapshotIndex - 1), entries.size()).clear();
    }
  }

  /**
   * Election restriction (section 5.4.1): a log ending in ({@code lastLogTerm}, {@code lastLogIndex}) is at least as
   * up to date as this one when its last term is higher, or equal with an index at least as high.
   */
  public boolean isUpToDate(long lastLogTerm, long lastLogIndex) {
    long myLastTerm = lastTerm();
    return lastLogTerm > myLastTerm || (lastLogTerm == myLastTerm && lastLogIndex >= lastIndex());
  }

  /** The first index held that has the same term as {@code index} (the start of that term's run). */
  public long firstIndexOfTermAt(long index) {
    long term = termAt(index);
    long i = index;
    while (i - 1 > snapshotIndex && termAt(i - 1) == term) {
      i--;
    }
    return i;
  }

  /** The last index whose entry has {@code term}, or 0 when this log holds no entry of that term. */
  public long lastIndexOfTerm(long term) {
    for (long i = lastIndex(); i > snapshotIndex; i--) {
      long t = termAt(i);
      if (t == term) {
        return i;
      }
      if (t < term) {
        return 0;
      }
    }
    return snapshotTerm == term && snapshotIndex > 0 ? snapshotIndex : 0;
  }

  /** Drops the entries up to and including {@code index}, which a snapshot now covers. */
  public void compactTo(long index, long term) {
    if (index <= snapshotIndex) {
      return;
    }
    if (index > lastIndex()) {
      throw new IllegalArgumentException("cannot compact to " + index + " beyond last index " + lastIndex());
    }
    entries.subList(0, (int) (index - snapshotIndex)).clear();
    snapshotIndex = index;
    snapshotTerm = term;
  }

  /**
   * Installs a snapshot ending at ({@code index}, {@code term}): keeps the entries after it if this log already
   * holds that entry (section 7), otherwise discards the whole log.
   */
  public void restoreSnapshot(long index, long term) {
    if (index <= lastIndex() && index > snapshotIndex && termAt(index) == term) {
      compactTo(index, term);
      return;
    }
    entries.clear();
    snapshotIndex = index;
    snapshotTerm = term;
  }
}
