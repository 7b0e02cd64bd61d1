package org.pekkoraft.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Raft's persistent state rebuilt from events: currentTerm, votedFor, the log, and the last snapshot's metadata.
 * Recovery folds the journal's events through {@link #apply}; a restarted server then starts as a follower from
 * it. The same fold serves the simulated cluster's crashes, so recovery is tested without a disk.
 */
public final class PersistentState {

  private long currentTerm;
  private NodeId votedFor;
  private String clusterId;
  private Snapshot snapshot = Snapshot.NONE;
  private final RaftLog log = new RaftLog();

  public long currentTerm() {
    return currentTerm;
  }

  /** The candidate this server voted for in {@link #currentTerm()}, or null. */
  public NodeId votedFor() {
    return votedFor;
  }

  /** The cluster this state belongs to, or null before the server has bootstrapped or joined one. */
  public String clusterId() {
    return clusterId;
  }

  /** True when nothing was ever written: no term, no vote, no log, no snapshot, no cluster identity. */
  public boolean isEmpty() {
    return currentTerm == 0 && votedFor == null && clusterId == null && log.lastIndex() == 0
        && snapshot.lastIncludedIndex() == 0;
  }

  /** The latest snapshot, taken here or installed from a leader; {@link Snapshot#NONE} before the first. */
  public Snapshot snapshot() {
    return snapshot;
  }

  public RaftLog log() {
    return log;
  }

  /** A deep copy: the log's list is copied, the entries (immutable) are shared. */
  public PersistentState copy() {
    PersistentState c = new PersistentState();
    c.restore(currentTerm, votedFor, snapshot, clusterId);
    c.log.appendAll(entries());
    return c;
  }

  /** The entries after the snapshot, in index order. */
  public List<LogEntry> entries() {
    return log.slice(log.firstIndex(), Integer.MAX_VALUE, Long.MAX_VALUE);
  }

  /** Replays one event. Events must come in the order they were written. */
  public void apply(RaftEvent event) {
    if (event instanceof RaftEvent.TermAdvanced e) {
      if (e.term() < currentTerm) {
        throw new IllegalStateException("term went back from " + currentTerm + " to " + e.term());
      }
      currentTerm = e.term();
      votedFor = null;
    } else if (event instanceof RaftEvent.VoteCast e) {
      if (e.term() != currentTerm) {
        throw new IllegalStateException("vote for term " + e.term() + " recorded in term " + currentTerm);
      }
      votedFor = e.candidate();
    } else if (event instanceof RaftEvent.EntriesAppended e) {
      appendSkippingCompacted(e.entries());
    } else if (event instanceof RaftEvent.LogTruncated e) {
      if (e.fromIndex() > log.snapshotIndex()) {
        log.truncateFrom(e.fromIndex());
      }
    } else if (event instanceof RaftEvent.SnapshotTaken e) {
      snapshot = e.snapshot();
      log.compactTo(e.snapshot().lastIncludedIndex(), e.snapshot().meta().lastIncludedTerm());
    } else if (event instanceof RaftEvent.SnapshotInstalled e) {
      snapshot = e.snapshot();
      log.restoreSnapshot(e.snapshot().lastIncludedIndex(), e.snapshot().meta().lastIncludedTerm());
    } else if (event instanceof RaftEvent.ClusterIdentified e) {
      if (clusterId != null && !clusterId.equals(e.clusterId())) {
        throw new IllegalStateException("cluster identity changed from " + clusterId + " to " + e.clusterId());
      }
      clusterId = e.clusterId();
    }
  }

  /** Restores the state a journal snapshot captured, before the events written after it are replayed. */
  public void restore(long term, NodeId vote, Snapshot latest, String cluster) {
    clusterId = cluster;
    currentTerm = term;
    votedFor = vote;
    snapshot = latest;
    log.restoreSnapshot(latest.lastIncludedIndex(), latest.meta().lastIncludedTerm());
  }

  /**
   * Entries at or below the snapshot index may still be in the journal when event deletion lagged behind the
   * snapshot; they are covered by the snapshot and skipped.
   */
  private void appendSkippingCompacted(List<LogEntry> entries) {
    List<LogEntry> rest = new ArrayList<>(entries.size());
    for (LogEntry entry : entries) {
      if (entry.index() > log.snapshotIndex()) {
        rest.add(entry);
      }
    }
    log.appendAll(rest);
  }
}
