package org.pekkoraft.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The messages Raft servers exchange (the paper's RPCs, sent as one-way messages). Every message carries the
 * sender's {@code term}: a receiver that sees a higher term adopts it and becomes a follower (rule 2); a receiver
 * with a higher term rejects the message and tells the sender its term.
 */
public sealed interface RaftMessage
    permits RaftMessage.RequestVote, RaftMessage.RequestVoteResult, RaftMessage.AppendEntries,
        RaftMessage.AppendEntriesResult, RaftMessage.InstallSnapshot, RaftMessage.InstallSnapshotResult,
        RaftMessage.TimeoutNow {

  long term();

  NodeId from();

  /**
   * A vote request. With {@code preVote} it asks whether the sender <em>could</em> win an election at
   * {@code term} without anyone changing state (section 9.6); otherwise it asks for the vote of {@code term}.
   * {@code leadershipTransfer} marks an election started by {@link TimeoutNow}, which may disturb a live leader.
   */
  record RequestVote(long term, NodeId from, long lastLogIndex, long lastLogTerm, boolean preVote,
      boolean leadershipTransfer) implements RaftMessage {}

  /** The answer to a {@link RequestVote}; a granted pre-vote carries the term that was asked about. */
  record RequestVoteResult(long term, NodeId from, boolean preVote, boolean voteGranted) implements RaftMessage {}

  /**
   * Replicates {@code entries} after ({@code prevLogIndex}, {@code prevLogTerm}); with no entries it is a heartbeat.
   * {@code seq} is the leader's broadcast counter, echoed in the result: an echo of a sequence number sent after a
   * read arrived proves the sender was still leader then (ReadIndex, section 6.4). {@code quiesce} marks a leader's
   * last heartbeat before it goes quiet: every follower was in sync, and a follower whose log matches up to
   * {@code leaderCommit} may stop its election timer until something wakes it.
   */
  record AppendEntries(long term, NodeId from, long prevLogIndex, long prevLogTerm, List<LogEntry> entries,
      long leaderCommit, long seq, boolean quiesce) implements RaftMessage {

    public AppendEntries {
      entries = List.copyOf(entries);
    }

    /** Without the quiesce mark. */
    public AppendEntries(long term, NodeId from, long prevLogIndex, long prevLogTerm, List<LogEntry> entries,
        long leaderCommit, long seq) {
      this(term, from, prevLogIndex, prevLogTerm, entries, leaderCommit, seq, false);
    }

    public long lastIndex() {
      return prevLogIndex + entries.size();
    }

    @Override
    public String toString() {
      return "AppendEntries[term=" + term + " from=" + from + " prev=" + prevLogIndex + "@" + prevLogTerm
          + " entries=" + entries.size() + " leaderCommit=" + leaderCommit + " seq=" + seq
          + (quiesce ? " quiesce" : "") + "]";
    }
  }

  /**
   * The answer to an {@link AppendEntries}. On success {@code matchIndex} is the last index known to match the
   * leader's log. On failure {@code rejectedIndex} is the prevLogIndex that did not match, and the hint lets the
   * leader skip a whole term per round trip: {@code conflictTerm} is the follower's term at that index and
   * {@code conflictIndex} the first index of that term in its log; when the follower's log is too short,
   * {@code conflictTerm} is 0 and {@code conflictIndex} is its last index + 1.
   */
  record AppendEntriesResult(long term, NodeId from, boolean success, long matchIndex, long rejectedIndex,
      long conflictTerm, long conflictIndex, long seq) implements RaftMessage {

    public static AppendEntriesResult success(long term, NodeId from, long matchIndex, long seq) {
      return new AppendEntriesResult(term, from, true, matchIndex, 0, 0, 0, seq);
    }

    public static AppendEntriesResult rejected(long term, NodeId from, long rejectedIndex, long conflictTerm,
        long conflictIndex, long seq) {
      return new AppendEntriesResult(term, from, false, 0, rejectedIndex, conflictTerm, conflictIndex, seq);
    }
  }

  /**
   * One chunk of a snapshot (section 7). Chunks are sent in order of {@code offset}; {@code done} marks the last.
   * {@code checksum} (CRC-32C of the whole snapshot) lets the receiver verify it before replacing its state.
   */
  record InstallSnapshot(long term, NodeId from, long lastIncludedIndex, long lastIncludedTerm,
      Configuration configuration, long offset, byte[] data, boolean done, long totalSize, long checksum)
      implements RaftMessage {

    public InstallSnapshot {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof InstallSnapshot s && term == s.term && from.equals(s.from)
          && lastIncludedIndex == s.lastIncludedIndex && lastIncludedTerm == s.lastIncludedTerm
          && offset == s.offset && done == s.done && Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(term, from, lastIncludedIndex, offset);
    }

    @Override
    public String toString() {
      return "InstallSnapshot[term=" + term + " from=" + from + " last=" + lastIncludedIndex + "@"
          + lastIncludedTerm + " offset=" + offset + " bytes=" + data.length + " done=" + done + "]";
    }
  }

  /**
   * The answer to an {@link InstallSnapshot}: the receiver has every byte before {@code nextOffset} of the
   * snapshot ending at {@code lastIncludedIndex}; {@code installed} once it has replaced its state with it.
   */
  record InstallSnapshotResult(long term, NodeId from, long lastIncludedIndex, long nextOffset, boolean installed)
      implements RaftMessage {}

  /** Tells the leadership-transfer target to start an election at once (section 3.10). */
  record TimeoutNow(long term, NodeId from) implements RaftMessage {}
}
