package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.elect;
import static org.pekkoraft.core.CoreFixture.id;
import static org.pekkoraft.core.CoreFixture.sentTo;
import static org.pekkoraft.core.CoreFixture.server;
import static org.pekkoraft.core.CoreFixture.settle;
import static org.pekkoraft.core.CoreFixture.state;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.RaftMessage.AppendEntries;
import org.pekkoraft.core.RaftMessage.AppendEntriesResult;
import org.pekkoraft.core.RaftMessage.RequestVote;
import org.pekkoraft.core.RaftMessage.RequestVoteResult;

/**
 * Rule 10, leader stickiness with check-quorum (dissertation 4.2.3), which lease reads rely on (rule 9): for the
 * minimum election timeout after hearing from a leader, no server helps elect another one, and a leader never
 * lets a vote request depose it.
 */
class LeaseRulesTest {

  private static final RaftOptions NO_PRE_VOTE = RaftOptions.defaults().withPreVote(false);

  /** A leader of three whose followers answer every AppendEntries, ticked {@code ticks} times. */
  private static Raft leaderAfter(int ticks) {
    Raft l = server("l", state(1), NO_PRE_VOTE, "l", "a", "b");
    elect(l, "a");
    settle(l);
    for (int i = 0; i < ticks; i++) {
      l.tick();
      for (AppendEntries ae : CoreFixture.sent(settle(l), AppendEntries.class)) {
        l.receive(AppendEntriesResult.success(l.currentTerm(), id("a"), ae.lastIndex(), ae.seq()));
        l.receive(AppendEntriesResult.success(l.currentTerm(), id("b"), ae.lastIndex(), ae.seq()));
      }
      settle(l);
    }
    return l;
  }

  @Test
  @DisplayName("Rule 10: a healthy leader refuses a disruptive vote at any point of its check-quorum period")
  void aHealthyLeaderIsInLeaseThroughoutItsCheckQuorumPeriod() {
    RaftOptions o = RaftOptions.defaults();
    for (int ticks = 0; ticks < 2 * o.electionTimeoutMaxTicks(); ticks++) {
      Raft l = leaderAfter(ticks);
      long term = l.currentTerm();
      l.receive(new RequestVote(term + 1, id("b"), l.log().lastIndex(), l.log().lastTerm(), true, false));
      assertFalse(sentTo(settle(l), "b", RequestVoteResult.class).voteGranted(),
          "a leader granted a pre-vote " + ticks + " ticks into its leadership");
      l.receive(new RequestVote(term + 1, id("b"), l.log().lastIndex(), l.log().lastTerm(), false, false));
      settle(l);
      assertEquals(Role.LEADER, l.role(), "a vote request deposed a healthy leader " + ticks + " ticks in");
      assertEquals(term, l.currentTerm(), "and raised its term");
    }
  }

  @Test
  @DisplayName("Rule 10: a restarted follower honours the lease for one election timeout before it votes")
  void aRestartedFollowerWaitsOneElectionTimeoutBeforeVoting() {
    RaftOptions o = RaftOptions.defaults();
    // It had acknowledged a leader of term 3 before it crashed; that leader may still count on it.
    Raft f = server("f", state(3, 3), "f", "l", "c");
    f.receive(new RequestVote(4, id("c"), 1, 3, false, false));
    assertFalse(sentTo(settle(f), "c", RequestVoteResult.class).voteGranted(), "voted at once after a restart");
    assertEquals(3, f.currentTerm(), "and adopted the disruptive term");
    for (int i = 0; i < o.electionTimeoutMinTicks() - 1; i++) {
      f.tick();
      settle(f);
    }
    f.receive(new RequestVote(4, id("c"), 1, 3, false, false));
    assertFalse(sentTo(settle(f), "c", RequestVoteResult.class).voteGranted(), "voted inside the lease");
    f.tick();
    settle(f);
    f.receive(new RequestVote(4, id("c"), 1, 3, false, false));
    assertTrue(sentTo(settle(f), "c", RequestVoteResult.class).voteGranted(), "votes once the lease has passed");
  }

  @Test
  @DisplayName("Rule 10: a server of a brand-new cluster (term 0) has no lease to honour and votes at once")
  void aFreshServerVotesAtOnce() {
    Raft f = server("f", state(0), "f", "l", "c");
    f.receive(new RequestVote(1, id("c"), 0, 0, false, false));
    assertTrue(sentTo(settle(f), "c", RequestVoteResult.class).voteGranted());
  }
}
