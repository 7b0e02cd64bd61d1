package org.pekkoraft.core;

import java.util.List;

/**
 * A change to a server's persistent state: currentTerm, votedFor and the log (Figure 2), plus snapshot metadata.
 * Events are facts in the past tense. They are written in batches, in the order Raft produced them, and replayed
 * in that order by {@link PersistentState#apply}. Nothing volatile (role, commitIndex, nextIndex, matchIndex) is
 * ever an event.
 */
public sealed interface RaftEvent
    permits RaftEvent.TermAdvanced, RaftEvent.VoteCast, RaftEvent.EntriesAppended, RaftEvent.LogTruncated,
        RaftEvent.SnapshotTaken, RaftEvent.SnapshotInstalled, RaftEvent.ClusterIdentified {

  /** currentTerm became {@code term}; votedFor is cleared. */
  record TermAdvanced(long term) implements RaftEvent {}

  /** votedFor became {@code candidate} in {@code term} (which is already the current term). */
  record VoteCast(long term, NodeId candidate) implements RaftEvent {}

  /** Entries were appended at the end of the log, in index order. */
  record EntriesAppended(List<LogEntry> entries) implements RaftEvent {

    public EntriesAppended {
      entries = List.copyOf(entries);
    }

    @Override
    public String toString() {
      return entries.isEmpty() ? "EntriesAppended[]"
          : "EntriesAppended[" + entries.get(0).index() + ".." + entries.get(entries.size() - 1).index() + "]";
    }
  }

  /** The entries from {@code fromIndex} on were removed because they conflicted with the leader's log. */
  record LogTruncated(long fromIndex) implements RaftEvent {}

  /** This server snapshotted its state machine; the log up to the snapshot's index is no longer needed. */
  record SnapshotTaken(Snapshot snapshot) implements RaftEvent {}

  /** A snapshot from the leader replaced this server's state; the log is cut as {@link RaftLog#restoreSnapshot}. */
  record SnapshotInstalled(Snapshot snapshot) implements RaftEvent {}

  /**
   * This server's state belongs to the cluster {@code clusterId}, from now on and for good: written once, when the
   * server bootstraps a new cluster or first hears from the cluster it joins.
   */
  record ClusterIdentified(String clusterId) implements RaftEvent {}
}
