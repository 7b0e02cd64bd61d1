package org.pekkoraft.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A leader's pending ReadIndex reads (section 6.4). A read is safe to answer at index i when (1) the leader had
 * committed an entry of its own term when it took i = commitIndex, so i covers every write acknowledged before
 * the read arrived, and (2) a majority answered a heartbeat sent after the read arrived, so no newer leader had
 * been elected by then. Reads that arrive between two heartbeat rounds share the next one.
 */
final class ReadIndex {

  private record Pending(long readId, long readIndex, long requiredSeq) {}

  /** Reads waiting for the first commit of this term: their read index is not known yet. */
  private final List<Long> awaitingCommit = new ArrayList<>();
  /** Reads in arrival order; requiredSeq never decreases along the queue. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long seq;

  /** The sequence number AppendEntries carry now. */
  long seq() {
    return seq;
  }

  void add(long readId, long commitIndex, boolean committedInTerm) {
    if (committedInTerm) {
      pending.add(new Pending(readId, commitIndex, seq + 1));
    } else {
      awaitingCommit.add(readId);
    }
  }

  /** Gives the reads that waited for the term's first commit their read index. */
  void onCommitInTerm(long commitIndex) {
    for (long readId : awaitingCommit) {
      pending.add(new Pending(readId, commitIndex, seq + 1));
    }
    awaitingCommit.clear();
  }

  /** True when a read waits for a heartbeat round that has not been sent yet. */
  boolean needsRound() {
    return !pending.isEmpty() && pending.peekLast().requiredSeq() > seq;
  }

  /** Starts a new heartbeat round; AppendEntries sent from now on carry the new sequence number. */
  long nextRound() {
    return ++seq;
  }

  /** Releases the reads whose round a quorum has answered, given the sequence number a quorum has reached. */
  void confirm(long quorumSeq, Outcome out) {
    while (!pending.isEmpty() && pending.peekFirst().requiredSeq() <= quorumSeq) {
      Pending read = pending.pollFirst();
      out.readReady(read.readId(), read.readIndex());
    }
  }

  void rejectAll(Outcome out) {
    for (long readId : awaitingCommit) {
      out.readRejected(readId);
    }
    for (Pending read : pending) {
      out.readRejected(read.readId());
    }
    awaitingCommit.clear();
    pending.clear();
  }

  boolean isEmpty() {
    return pending.isEmpty() && awaitingCommit.isEmpty();
  }
}
