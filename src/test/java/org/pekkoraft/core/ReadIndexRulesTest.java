package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.elect;
import static org.pekkoraft.core.CoreFixture.id;
import static org.pekkoraft.core.CoreFixture.sentTo;
import static org.pekkoraft.core.CoreFixture.server;
import static org.pekkoraft.core.CoreFixture.settle;
import static org.pekkoraft.core.CoreFixture.state;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.RaftMessage.AppendEntries;
import org.pekkoraft.core.RaftMessage.AppendEntriesResult;

/** Rule 9: ReadIndex reads are answered only after a heartbeat round, sent after they arrived, reaches a majority. */
class ReadIndexRulesTest {

  private static final RaftOptions NO_PRE_VOTE = RaftOptions.defaults().withPreVote(false);

  /** A leader of term 2 over l, f, x that has committed its no-op, so reads get a read index at once. */
  private static Raft leaderWithCommittedNoOp() {
    Raft l = server("l", state(1), NO_PRE_VOTE, "l", "f", "x");
    elect(l, "x");
    settle(l);
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("f"), 1, 0));
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("x"), 1, 0));
    settle(l);
    assertEquals(1, l.commitIndex());
    return l;
  }

  /** Starts a read and sends the heartbeat round it waits for; returns the round's sequence number. */
  private static long startRead(Raft l, long readId) {
    assertTrue(l.readIndex(readId));
    l.flush();
    Outcome round = settle(l);
    assertTrue(round.readsReady().isEmpty(), "a read is never ready before its round is answered");
    return sentTo(round, "f", AppendEntries.class).seq();
  }

  @Test
  @DisplayName("Rule 9: a read is ready once a majority answered the heartbeat round sent after it arrived")
  void rule9_readWaitsForARoundAMajorityAnswers() {
    Raft l = leaderWithCommittedNoOp();
    long seq = startRead(l, 7);
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("f"), 1, seq - 1));
    assertTrue(settle(l).readsReady().isEmpty(), "an answer to an earlier round proves nothing about this read");
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("f"), 1, seq));
    assertEquals(List.of(new Ready.ReadState(7, 1)), settle(l).readsReady());
  }

  @Test
  @DisplayName("Rule 9: a follower's answer to an AppendEntries of an earlier term never confirms a read")
  void rule9_staleTermRejectionNeverConfirmsARead() {
    Raft l = leaderWithCommittedNoOp();
    startRead(l, 7);
    // f is in term 2 too. A stalled AppendEntries from l's earlier leadership (term 1, with term 1's round number
    // 99) reaches it now; f rejects it with its own term, 2, which is also l's current term.
    Raft f = server("f", state(2), NO_PRE_VOTE, "l", "f", "x");
    f.receive(new AppendEntries(1, id("l"), 0, 0, List.of(), 0, 99));
    AppendEntriesResult rejection = sentTo(settle(f), "l", AppendEntriesResult.class);
    assertEquals(2, rejection.term());
    l.receive(rejection);
    assertTrue(settle(l).readsReady().isEmpty(),
        "term 1's round 99 is not term 2's: " + rejection + " must not stand for an answer to this read's round");
  }

  @Test
  @DisplayName("Rule 2: rejecting a stale AppendEntries tells its term only, not the stale round number")
  void rule2_staleRejectionCarriesNoRound() {
    Raft f = server("f", state(5), NO_PRE_VOTE, "l", "f", "x");
    f.receive(new AppendEntries(3, id("l"), 4, 3, List.of(), 0, 42));
    AppendEntriesResult rejection = sentTo(settle(f), "l", AppendEntriesResult.class);
    assertEquals(5, rejection.term());
    assertEquals(0, rejection.seq());
  }
}
