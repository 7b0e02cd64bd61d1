package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.elect;
import static org.pekkoraft.core.CoreFixture.id;
import static org.pekkoraft.core.CoreFixture.outbound;
import static org.pekkoraft.core.CoreFixture.pastRestartLease;
import static org.pekkoraft.core.CoreFixture.sent;
import static org.pekkoraft.core.CoreFixture.sentTo;
import static org.pekkoraft.core.CoreFixture.server;
import static org.pekkoraft.core.CoreFixture.settle;
import static org.pekkoraft.core.CoreFixture.state;
import static org.pekkoraft.core.CoreFixture.tickUntilCampaign;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.RaftMessage.AppendEntries;
import org.pekkoraft.core.RaftMessage.AppendEntriesResult;
import org.pekkoraft.core.RaftMessage.RequestVote;
import org.pekkoraft.core.RaftMessage.RequestVoteResult;

/** Rules 1-4 of design.md section 4, plus pre-vote, leader stickiness and check-quorum. */
class ElectionRulesTest {

  private static final RaftOptions NO_PRE_VOTE = RaftOptions.defaults().withPreVote(false);

  private static RequestVote vote(long term, String from, long lastIndex, long lastTerm) {
    return new RequestVote(term, id(from), lastIndex, lastTerm, false, false);
  }

  private static boolean granted(Outcome outcome) {
    return sent(outcome, RequestVoteResult.class).get(0).voteGranted();
  }

  @Test
  @DisplayName("Rule 1: one vote per term, first come first served")
  void rule1_oneVotePerTermFirstComeFirstServed() {
    Raft f = pastRestartLease(server("f", state(1), "f", "a", "b"));
    f.receive(vote(2, "a", 0, 0));
    assertTrue(granted(settle(f)));
    f.receive(vote(2, "b", 0, 0));
    assertFalse(granted(settle(f)), "a second candidate in the same term gets no vote");
    f.receive(vote(2, "a", 0, 0));
    assertTrue(granted(settle(f)), "a repeated request from the same candidate is granted again");
    assertEquals(id("a"), f.votedFor());
  }

  @Test
  @DisplayName("Rule 1: the vote is durable before the reply leaves")
  void rule1_voteDurableBeforeReply() {
    Raft f = pastRestartLease(server("f", state(1), "f", "a", "b"));
    f.receive(vote(2, "a", 0, 0));
    Outcome outcome = f.takeOutcome();
    assertEquals(List.of(new RaftEvent.TermAdvanced(2), new RaftEvent.VoteCast(2, id("a"))), outcome.events());
    assertTrue(outbound(outcome, RequestVoteResult.class).afterDurable());

    Raft g = pastRestartLease(server("g", state(1), "g", "a", "b"));
    g.receive(vote(2, "a", 0, 0));
    Ready ready = g.ready();
    assertTrue(ready.messages().isEmpty(), "the reply must wait for the write");
    assertEquals(outcome.events(), ready.write().events());
    g.persisted(ready.write().id());
    List<Ready.Outbound> released = g.ready().messages();
    assertEquals(1, released.size());
    assertTrue(((RequestVoteResult) released.get(0).message()).voteGranted());
  }

  @Test
  @DisplayName("Rule 1: a restarted server never votes twice in a term")
  void rule1_restartRemembersVote() {
    Raft f = pastRestartLease(server("f", state(1), "f", "a", "b"));
    f.receive(vote(2, "a", 0, 0));
    PersistentState disk = state(1);
    f.takeOutcome().events().forEach(disk::apply);

    Raft restarted = server("f", disk, "f", "a", "b");
    assertEquals(2, restarted.currentTerm());
    pastRestartLease(restarted);
    restarted.receive(vote(2, "b", 0, 0));
    assertFalse(granted(settle(restarted)));
  }

  @Test
  @DisplayName("Rule 1: an AppendEntries success leaves only after the entries are durable")
  void rule1_appendAcknowledgedAfterDurable() {
    Raft f = server("f", state(1, 1), "f", "l", "b");
    f.receive(new AppendEntries(1, id("l"), 1, 1, List.of(CoreFixture.entry(2, 1)), 0, 0));
    Outcome outcome = f.takeOutcome();
    assertEquals(List.of(new RaftEvent.EntriesAppended(List.of(CoreFixture.entry(2, 1)))), outcome.events());
    Outcome.Outbound reply = outbound(outcome, AppendEntriesResult.class);
    assertTrue(reply.afterDurable());
    assertEquals(2, ((AppendEntriesResult) reply.message()).matchIndex());
  }

  @Test
  @DisplayName("Rule 1: the leader counts itself only for entries it has made durable")
  void rule1_leaderCountsItselfOnlyWhenDurable() {
    Raft l = server("l", state(1), NO_PRE_VOTE, "l", "a", "b");
    elect(l, "a");
    l.takeOutcome();
    long noop = l.log().lastIndex();
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("a"), noop, 0));
    assertEquals(0, l.commitIndex(), "one follower plus a leader whose no-op is not durable is no quorum");
    l.persisted(noop, l.currentTerm());
    assertEquals(noop, l.commitIndex());
  }

  @Test
  @DisplayName("Rule 2: a higher term makes any server a follower, the term persisted first")
  void rule2_higherTermMakesFollower() {
    Raft l = server("l", state(1), NO_PRE_VOTE, "l", "a", "b");
    elect(l, "a");
    settle(l);
    l.receive(AppendEntriesResult.rejected(7, id("b"), 0, 0, 0, 0));
    assertEquals(Role.FOLLOWER, l.role());
    assertEquals(7, l.currentTerm());
    assertEquals(List.of(new RaftEvent.TermAdvanced(7)), l.takeOutcome().events());
  }

  @Test
  @DisplayName("Rule 2: a stale term is rejected with the current term")
  void rule2_staleTermRejected() {
    Raft f = server("f", state(5, 1), "f", "a", "b");
    f.receive(new AppendEntries(3, id("a"), 1, 1, List.of(), 1, 0));
    AppendEntriesResult r = sentTo(settle(f), "a", AppendEntriesResult.class);
    assertFalse(r.success());
    assertEquals(5, r.term());
    f.receive(vote(4, "b", 9, 4));
    RequestVoteResult v = sentTo(settle(f), "b", RequestVoteResult.class);
    assertFalse(v.voteGranted());
    assertEquals(5, v.term());
    assertEquals(5, f.currentTerm());
  }

  @Test
  @DisplayName("Rule 3: election restriction compares last term, then last index")
  void rule3_electionRestriction() {
    Raft f = pastRestartLease(server("f", state(3, 1, 2, 2), "f", "a", "b", "c"));
    f.receive(vote(4, "a", 9, 1));
    assertFalse(granted(settle(f)), "an older last term loses, however long the log");
    f.receive(vote(5, "b", 2, 2));
    assertFalse(granted(settle(f)), "the same last term with a shorter log loses");
    f.receive(vote(6, "c", 1, 3));
    assertTrue(granted(settle(f)), "a newer last term wins, however short the log");
  }

  @Test
  @DisplayName("Rule 4: election timeouts are randomized between min and max")
  void rule4_randomizedElectionTimeout() {
    RaftOptions options = RaftOptions.defaults();
    Set<Integer> seen = new HashSet<>();
    for (int seed = 0; seed < 200; seed++) {
      Raft f = new Raft(id("f"), options, new java.util.SplittableRandom(seed), state(0), CoreFixture.voters("f", "a"));
      int ticks = tickUntilCampaign(f);
      assertTrue(ticks >= options.electionTimeoutMinTicks() && ticks < options.electionTimeoutMaxTicks(),
          "timeout " + ticks + " outside [" + options.electionTimeoutMinTicks() + ", "
              + options.electionTimeoutMaxTicks() + ")");
      seen.add(ticks);
    }
    assertTrue(seen.size() > options.electionTimeoutMaxTicks() - options.electionTimeoutMinTicks() - 3,
        "timeouts should spread over the range: " + seen);
  }

  @Test
  @DisplayName("Rule 4: a leader's heartbeats keep followers from campaigning")
  void rule4_heartbeatsPreventElections() {
    Raft l = server("l", state(1), NO_PRE_VOTE, "l", "f");
    Raft f = server("f", state(1), NO_PRE_VOTE, "l", "f");
    elect(l, "f");
    for (int tick = 0; tick < 50 * RaftOptions.defaults().electionTimeoutMaxTicks(); tick++) {
      l.tick();
      for (AppendEntries ae : sent(settle(l), AppendEntries.class)) {
        f.receive(ae);
      }
      for (AppendEntriesResult r : sent(settle(f), AppendEntriesResult.class)) {
        l.receive(r);
      }
      f.tick();
      assertEquals(Role.FOLLOWER, f.role(), "follower campaigned at tick " + tick);
    }
    assertEquals(Role.LEADER, l.role());
  }

  @Test
  @DisplayName("Rule 4: a split vote is resolved by a later election")
  void rule4_splitVoteResolved() {
    String[] all = {"a", "b", "c", "d"};
    LoopbackNet net = new LoopbackNet(NO_PRE_VOTE, all);
    net.get("a").receive(new RaftMessage.TimeoutNow(0, id("x")));
    net.get("b").receive(new RaftMessage.TimeoutNow(0, id("x")));
    Outcome fromA = settle(net.get("a"));
    Outcome fromB = settle(net.get("b"));
    net.deliver("c", sentTo(fromA, "c", RequestVote.class));
    net.deliver("d", sentTo(fromB, "d", RequestVote.class));
    net.deliver("d", sentTo(fromA, "d", RequestVote.class));
    net.deliver("c", sentTo(fromB, "c", RequestVote.class));
    net.deliver("a", sentTo(fromB, "a", RequestVote.class));
    net.deliver("b", sentTo(fromA, "b", RequestVote.class));
    net.drain();
    assertEquals(1, net.get("a").currentTerm());
    assertNotEquals(Role.LEADER, net.get("a").role());
    assertNotEquals(Role.LEADER, net.get("b").role());

    Raft leader = net.tickUntilLeader(1000);
    assertTrue(leader.currentTerm() > 1, "the split term 1 elected nobody; a later term must");
  }

  @Test
  @DisplayName("Pre-vote: a server cut off from the others does not raise its term")
  void preVoteKeepsTermOfIsolatedServer() {
    Raft f = server("f", state(3, 1), "f", "a", "b");
    for (int i = 0; i < 20 * RaftOptions.defaults().electionTimeoutMaxTicks(); i++) {
      f.tick();
      assertTrue(settle(f).events().isEmpty(), "a pre-candidate writes nothing");
    }
    assertEquals(3, f.currentTerm());
    assertTrue(f.isPreCandidate());
  }

  @Test
  @DisplayName("Pre-vote and stickiness: a returning server cannot disrupt a healthy leader")
  void returningServerDoesNotDisruptLeader() {
    Raft f = server("f", state(2, 1, 2), "f", "l", "r");
    f.receive(new AppendEntries(2, id("l"), 2, 2, List.of(), 2, 0));
    settle(f);
    f.receive(new RequestVote(3, id("r"), 2, 2, true, false));
    RequestVoteResult pre = sentTo(settle(f), "r", RequestVoteResult.class);
    assertFalse(pre.voteGranted(), "a follower that just heard from its leader refuses pre-votes");
    f.receive(new RequestVote(9, id("r"), 2, 2, false, false));
    assertFalse(sentTo(settle(f), "r", RequestVoteResult.class).voteGranted());
    assertEquals(2, f.currentTerm(), "the disruptive term was not adopted");
    assertEquals(id("l"), f.leaderId());
  }

  @Test
  @DisplayName("Check-quorum: a leader that hears from no majority steps down")
  void checkQuorumStepsDown() {
    Raft l = server("l", state(1), NO_PRE_VOTE, "l", "a", "b");
    elect(l, "a");
    settle(l);
    long term = l.currentTerm();
    for (int i = 0; i < 2 * RaftOptions.defaults().electionTimeoutMaxTicks() && l.role() == Role.LEADER; i++) {
      l.tick();
      settle(l);
    }
    assertEquals(Role.FOLLOWER, l.role());
    assertEquals(term, l.currentTerm(), "stepping down does not raise the term");
  }

  @Test
  @DisplayName("Check-quorum: a leader that hears from a majority stays")
  void checkQuorumKeepsLeaderWithMajority() {
    Raft l = server("l", state(1), NO_PRE_VOTE, "l", "a", "b");
    elect(l, "a");
    settle(l);
    for (int i = 0; i < 10 * RaftOptions.defaults().electionTimeoutMinTicks(); i++) {
      l.tick();
      for (AppendEntries ae : sent(settle(l), AppendEntries.class)) {
        l.receive(AppendEntriesResult.success(l.currentTerm(), id("a"), ae.lastIndex(), ae.seq()));
      }
    }
    assertEquals(Role.LEADER, l.role());
  }
}
