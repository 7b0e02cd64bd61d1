package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.elect;
import static org.pekkoraft.core.CoreFixture.id;
import static org.pekkoraft.core.CoreFixture.server;
import static org.pekkoraft.core.CoreFixture.settle;
import static org.pekkoraft.core.CoreFixture.state;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.RaftMessage.AppendEntriesResult;

/** Rule 11 (membership changes) and leadership transfer, at the core. */
class MembershipRulesTest {

  private static final RaftOptions NO_PRE_VOTE = RaftOptions.defaults().withPreVote(false);

  /** A leader of {@code voters} whose no-op is committed (acknowledged by every other voter). */
  private static Raft committedLeader(String... voters) {
    Raft l = server(voters[0], state(1), NO_PRE_VOTE, voters);
    String[] others = java.util.Arrays.copyOfRange(voters, 1, voters.length);
    elect(l, others);
    settle(l);
    ackAll(l, others);
    assertEquals(l.log().lastIndex(), l.commitIndex());
    return l;
  }

  private static void ackAll(Raft l, String... peers) {
    for (String p : peers) {
      l.receive(AppendEntriesResult.success(l.currentTerm(), id(p), l.log().lastIndex(), 0));
    }
    settle(l);
  }

  private static LogEntry.ConfigChange lastConfig(Raft l) {
    return (LogEntry.ConfigChange) l.log().entry(l.log().lastIndex());
  }

  @Test
  @DisplayName("Rule 11: no configuration entry before the leader has committed an entry of its term")
  void rule11_noChangeBeforeCommitInTerm() {
    Raft l = server("a", state(1), NO_PRE_VOTE, "a", "b", "c");
    elect(l, "b");
    settle(l);
    String refused = l.addServer(id("d"), "h:4", true);
    assertNotNull(refused);
    assertTrue(refused.contains("not yet committed an entry of its term"), refused);
    assertFalse(l.log().entry(l.log().lastIndex()) instanceof LogEntry.ConfigChange, "nothing was appended");
    ackAll(l, "b");
    assertNull(l.addServer(id("d"), "h:4", true));
  }

  @Test
  @DisplayName("Rule 11: a new server joins as a learner and becomes a voter only once caught up")
  void rule11_learnerPromotedWhenCaughtUp() {
    Raft l = committedLeader("a", "b", "c");
    assertNull(l.addServer(id("d"), "host:4", true));
    Configuration learnerConfig = lastConfig(l).configuration();
    assertEquals(Set.of(id("d")), learnerConfig.learners());
    assertEquals("host:4", learnerConfig.endpoints().get(id("d")));
    assertTrue(l.configurationChangeInProgress());
    ackAll(l, "b", "c");
    assertTrue(l.configurationChangeInProgress(), "d has not caught up: no promotion yet");
    assertFalse(l.configuration().isVoter(id("d")));

    ackAll(l, "d");
    assertTrue(l.configuration().isVoter(id("d")), "d caught up and was promoted");
    ackAll(l, "b", "c", "d");
    assertFalse(l.configurationChangeInProgress());
  }

  @Test
  @DisplayName("Rule 11: at most one change in flight; each refusal changes nothing")
  void rule11_oneChangeAtATimeAndClearRefusals() {
    Raft l = committedLeader("a", "b", "c");
    long last = l.log().lastIndex();
    assertTrue(l.addServer(id("b"), "h:2", true).contains("already a voter"));
    assertTrue(l.removeServer(id("z")).contains("not a member"));
    assertEquals(last, l.log().lastIndex());
    assertNull(l.removeServer(id("c")));
    assertTrue(l.addServer(id("d"), "h:4", false).contains("already in progress"));
    assertEquals(last + 1, l.log().lastIndex());
  }

  @Test
  @DisplayName("Rule 11: removing a learner that never catches up cancels its promotion")
  void rule11_removingAWaitingLearnerCancelsItsPromotion() {
    Raft l = committedLeader("a", "b", "c");
    assertNull(l.addServer(id("d"), "h:4", true));
    ackAll(l, "b", "c");
    assertTrue(l.addServer(id("e"), "h:5", true).contains("still catching up"), "d's promotion is in flight");

    assertNull(l.removeServer(id("d")), "d never answers: removing it must not wait for it");
    assertEquals(Set.of(), lastConfig(l).configuration().learners());
    assertEquals(Set.of(id("a"), id("b"), id("c")), lastConfig(l).configuration().voters());
    ackAll(l, "b", "c");
    assertFalse(l.configurationChangeInProgress());
    assertNull(l.addServer(id("e"), "h:5", false), "the next change may start");
  }

  @Test
  @DisplayName("Rule 11: a refused removal keeps a waiting learner's promotion")
  void rule11_aRefusedRemovalKeepsThePromotion() {
    Raft l = committedLeader("a", "b", "c");
    assertNull(l.addServer(id("d"), "h:4", true));
    assertNotNull(l.removeServer(id("d")), "refused: the learner entry is not committed yet");
    ackAll(l, "b", "c", "d");
    assertTrue(l.configuration().isVoter(id("d")), "d caught up and was still promoted");
  }

  @Test
  @DisplayName("Rule 11: the last voter cannot be removed")
  void rule11_lastVoterStays() {
    Raft l = server("a", state(1), NO_PRE_VOTE, "a");
    CoreFixture.tickUntilCampaign(l);
    settle(l);
    assertEquals(Role.LEADER, l.role());
    assertTrue(l.removeServer(id("a")).contains("last voter"));
  }

  @Test
  @DisplayName("Joint consensus: C_old,new needs both majorities, then the leader appends C_new")
  void jointConsensus() {
    Raft l = committedLeader("a", "b", "c");
    assertNull(l.addServer(id("d"), "h:4", false));
    ackAll(l, "b", "c", "d");
    assertNull(l.addServer(id("e"), "h:5", false));
    ackAll(l, "b", "c", "d", "e");

    assertNull(l.changeVoters(Set.of(id("a"), id("d"), id("e"))));
    Configuration joint = lastConfig(l).configuration();
    assertTrue(joint.isJoint());
    long jointIndex = l.log().lastIndex();
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("d"), jointIndex, 0));
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("e"), jointIndex, 0));
    settle(l);
    assertTrue(l.commitIndex() < jointIndex, "a majority of the new voters alone does not commit C_old,new");
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("b"), jointIndex, 0));
    settle(l);
    assertEquals(jointIndex + 1, l.log().lastIndex(), "C_old,new committed: the leader appended C_new");
    assertFalse(lastConfig(l).configuration().isJoint());
    assertEquals(Set.of(id("a"), id("d"), id("e")), l.configuration().voters());
  }

  @Test
  @DisplayName("A leader removed from the configuration steps down once the change is committed")
  void removedLeaderStepsDown() {
    Raft l = committedLeader("a", "b", "c");
    assertNull(l.removeServer(id("a")));
    assertEquals(Role.LEADER, l.role(), "it leads until the change commits");
    ackAll(l, "b");
    assertEquals(Role.LEADER, l.role(), "the new configuration {b, c} needs both");
    ackAll(l, "c");
    assertEquals(Role.FOLLOWER, l.role());
    for (int i = 0; i < 10 * RaftOptions.defaults().electionTimeoutMaxTicks(); i++) {
      l.tick();
    }
    assertEquals(Role.FOLLOWER, l.role(), "a server outside the configuration never campaigns");
  }

  /**
   * Found by the simulator: a leader appends a configuration that removes itself, then steps down before it is
   * committed. It alone holds that entry, so the remaining voter cannot win without its vote, and it refuses one
   * (its log is more up to date): it must campaign itself until its removal is committed.
   */
  @Test
  @DisplayName("Section 4.1: a server whose removal is not committed yet still campaigns")
  void uncommittedRemovalStillCampaigns() {
    Raft l = committedLeader("a", "b");
    assertNull(l.removeServer(id("a")));
    l.receive(AppendEntriesResult.rejected(l.currentTerm() + 1, id("b"), 0, 0, 0, 0));
    settle(l);
    assertEquals(Role.FOLLOWER, l.role());
    assertFalse(l.configuration().isVoter(id("a")), "its latest configuration leaves it out");
    CoreFixture.tickUntilCampaign(l);
    assertEquals(Role.CANDIDATE, l.role(), "it campaigns, asking b, the only voter of that configuration");
    Outcome outcome = settle(l);
    assertEquals(java.util.List.of(id("b")),
        outcome.messages().stream().map(Outcome.Outbound::to).distinct().toList());
  }

  @Test
  @DisplayName("A single voter elected by its own vote sends nothing before its term is durable")
  void selfElectedLeaderWaitsForItsTerm() {
    Configuration withLearner = new Configuration(Set.of(id("a")), Set.of(id("b")), Set.of());
    Raft l = new Raft(id("a"), NO_PRE_VOTE, new java.util.SplittableRandom(1), state(1), withLearner);
    CoreFixture.tickUntilCampaign(l);
    assertEquals(Role.LEADER, l.role(), "its own vote is a majority");
    Outcome beforeDurable = l.takeOutcome();
    assertTrue(beforeDurable.events().contains(new RaftEvent.TermAdvanced(2)));
    assertFalse(beforeDurable.messages().isEmpty(), "it replicates to the learner");
    assertTrue(beforeDurable.messages().stream().allMatch(Outcome.Outbound::afterDurable),
        "a crash now could let it lead term 2 again with another log: nothing may leave yet");
    l.durable(new PersistQueue.Completed(l.log().lastIndex(), 2, 2));
    l.proposeCommand(0, 0, 0, 0, new byte[] {1});
    l.flush();
    assertTrue(l.takeOutcome().messages().stream().noneMatch(Outcome.Outbound::afterDurable),
        "once its term is durable it replicates without waiting for its own disk");
  }

  @Test
  @DisplayName("Leadership transfer: refused for unknown or lagging targets; TimeoutNow once the target is up to date")
  void leadershipTransfer() {
    Raft l = committedLeader("a", "b", "c");
    assertTrue(l.transferLeadership(id("x")).contains("not a voter"));
    for (int i = 0; i < 5000; i++) {
      l.proposeCommand(0, 0, 0, 0, new byte[] {1});
    }
    l.flush();
    settle(l);
    assertTrue(l.transferLeadership(id("c")).contains("lagging"));
    ackAll(l, "b");
    assertNull(l.transferLeadership(id("b")));
    assertEquals(id("b"), l.transferTarget());
    Outcome outcome = settle(l);
    assertEquals(1, CoreFixture.sent(outcome, RaftMessage.TimeoutNow.class).size());
    assertEquals(-1, l.proposeCommand(0, 0, 0, 0, new byte[] {2}), "no proposals while handing over");
  }

  @Test
  @DisplayName("Leadership transfer: a target probing after a lost append is caught up first, then told TimeoutNow")
  void leadershipTransferCatchesUpAProbingTarget() {
    Raft l = committedLeader("a", "b", "c");
    long matched = l.log().lastIndex();
    for (int i = 0; i < 10; i++) {
      l.proposeCommand(0, 0, 0, 0, new byte[] {1});
    }
    l.flush();
    settle(l);
    // b refuses one append (one before it was lost): the leader falls back to probing b from where it matched.
    l.receive(AppendEntriesResult.rejected(l.currentTerm(), id("b"), matched + 5, 0, matched + 1, 0));
    settle(l);

    assertNull(l.transferLeadership(id("b")), "a probing target one window behind is not refused");
    Outcome probe = settle(l);
    List<RaftMessage.AppendEntries> appends = CoreFixture.sent(probe, RaftMessage.AppendEntries.class);
    assertEquals(1, appends.size(), "the transfer sends b the entries it misses at once");
    assertEquals(matched, appends.get(0).prevLogIndex());
    assertTrue(CoreFixture.sent(probe, RaftMessage.TimeoutNow.class).isEmpty(), "b is not up to date yet");

    l.receive(AppendEntriesResult.success(l.currentTerm(), id("b"), l.log().lastIndex(), 0));
    Outcome caughtUp = settle(l);
    assertEquals(1, CoreFixture.sent(caughtUp, RaftMessage.TimeoutNow.class).size(), "TimeoutNow once b matches");
  }
}
