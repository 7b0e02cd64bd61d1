package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.elect;
import static org.pekkoraft.core.CoreFixture.id;
import static org.pekkoraft.core.CoreFixture.sent;
import static org.pekkoraft.core.CoreFixture.server;
import static org.pekkoraft.core.CoreFixture.settle;
import static org.pekkoraft.core.CoreFixture.state;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.RaftMessage.AppendEntries;
import org.pekkoraft.core.RaftMessage.AppendEntriesResult;

/** Rule 9: linearizable reads without a log write (ReadIndex), and the opt-in lease. */
class ReadIndexTest {

  private static final RaftOptions NO_PRE_VOTE = RaftOptions.defaults().withPreVote(false);

  private static Raft leaderWithCommittedNoOp() {
    Raft l = server("a", state(1, 1, 1), NO_PRE_VOTE, "a", "b", "c");
    elect(l, "b");
    settle(l);
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("b"), l.log().lastIndex(), 0));
    settle(l);
    assertEquals(l.log().lastIndex(), l.commitIndex());
    return l;
  }

  /** Answers every AppendEntries in {@code outcome} from {@code peer}, echoing its sequence number. */
  private static void answer(Raft l, Outcome outcome, String peer) {
    for (Outcome.Outbound o : outcome.messages()) {
      if (o.to().equals(id(peer)) && o.message() instanceof AppendEntries ae) {
        l.receive(AppendEntriesResult.success(l.currentTerm(), id(peer), ae.lastIndex(), ae.seq()));
      }
    }
  }

  @Test
  @DisplayName("Rule 9: a read is answered only after a heartbeat round sent after it arrived is acknowledged")
  void readIndexWaitsForAQuorumRound() {
    Raft l = leaderWithCommittedNoOp();
    assertTrue(l.readIndex(7));
    assertTrue(l.takeOutcome().readsReady().isEmpty(), "not before a round");
    l.flush();
    Outcome round = settle(l);
    assertEquals(2, sent(round, AppendEntries.class).size(), "the read triggered one heartbeat round");
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("b"), 0, 0));
    assertTrue(l.takeOutcome().readsReady().isEmpty(), "an echo of an older round proves nothing");
    answer(l, round, "c");
    List<Ready.ReadState> ready = l.takeOutcome().readsReady();
    assertEquals(List.of(new Ready.ReadState(7, l.commitIndex())), ready);
  }

  @Test
  @DisplayName("Rule 9: a new leader serves no read before it has committed an entry of its own term")
  void noReadBeforeCommitInTerm() {
    Raft l = server("a", state(1, 1, 1), NO_PRE_VOTE, "a", "b", "c");
    elect(l, "b");
    settle(l);
    assertTrue(l.readIndex(1));
    l.flush();
    answer(l, settle(l), "c");
    assertTrue(l.takeOutcome().readsReady().isEmpty(), "commitIndex may still lag writes acknowledged earlier");
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("b"), l.log().lastIndex(), 0));
    l.flush();
    answer(l, settle(l), "b");
    assertEquals(List.of(new Ready.ReadState(1, 3)), l.takeOutcome().readsReady());
  }

  @Test
  @DisplayName("Rule 9: a deposed leader rejects its pending reads instead of answering them")
  void deposedLeaderRejectsReads() {
    Raft l = leaderWithCommittedNoOp();
    l.readIndex(5);
    l.flush();
    settle(l);
    l.receive(AppendEntriesResult.rejected(l.currentTerm() + 1, id("b"), 0, 0, 0, 0));
    Outcome outcome = l.takeOutcome();
    assertEquals(List.of(5L), outcome.readsRejected());
    assertTrue(outcome.readsReady().isEmpty());
    assertFalse(l.readIndex(6), "a follower does not take reads");
  }

  @Test
  @DisplayName("Lease reads: the core names the latest round a quorum answered, and only with check-quorum")
  void leaseRounds() {
    Raft l = leaderWithCommittedNoOp();
    for (int i = 0; i < RaftOptions.defaults().heartbeatTicks(); i++) {
      l.tick();
    }
    long round = l.broadcastRound();
    answer(l, settle(l), "b");
    assertEquals(round, l.leaseRound(), "a quorum answered the round that just began");
    for (int i = 0; i < RaftOptions.defaults().heartbeatTicks(); i++) {
      l.tick();
      settle(l);
    }
    assertTrue(l.broadcastRound() > round, "a new round began");
    assertEquals(round, l.leaseRound(), "its lease still dates from the last round a quorum answered");

    Raft noCheck = server("a", state(1, 1, 1), NO_PRE_VOTE.withCheckQuorum(false), "a", "b", "c");
    elect(noCheck, "b");
    settle(noCheck);
    noCheck.receive(AppendEntriesResult.success(noCheck.currentTerm(), id("b"), noCheck.log().lastIndex(), 0));
    assertEquals(-1, noCheck.leaseRound(), "without check-quorum followers may elect at any time");
  }
}
