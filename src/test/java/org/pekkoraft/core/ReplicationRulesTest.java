package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.elect;
import static org.pekkoraft.core.CoreFixture.entry;
import static org.pekkoraft.core.CoreFixture.id;
import static org.pekkoraft.core.CoreFixture.sent;
import static org.pekkoraft.core.CoreFixture.sentTo;
import static org.pekkoraft.core.CoreFixture.server;
import static org.pekkoraft.core.CoreFixture.settle;
import static org.pekkoraft.core.CoreFixture.state;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.RaftMessage.AppendEntries;
import org.pekkoraft.core.RaftMessage.AppendEntriesResult;

/** Rule 5 (log matching and repair) and the bounds on what a leader sends. */
class ReplicationRulesTest {

  private static final RaftOptions NO_PRE_VOTE = RaftOptions.defaults().withPreVote(false);

  private static long[] terms(long first, int count, long... rest) {
    long[] t = new long[count + rest.length];
    java.util.Arrays.fill(t, 0, count, first);
    System.arraycopy(rest, 0, t, count, rest.length);
    return t;
  }

  private static List<AppendEntries> appendsTo(String to, Outcome outcome) {
    return outcome.messages().stream().filter(o -> o.to().equals(id(to)))
        .map(Outcome.Outbound::message).filter(AppendEntries.class::isInstance).map(AppendEntries.class::cast)
        .filter(ae -> !ae.entries().isEmpty()).toList();
  }

  private static AppendEntriesResult answer(Raft follower, AppendEntries request) {
    follower.receive(request);
    return sentTo(settle(follower), request.from().value(), AppendEntriesResult.class);
  }

  @Test
  @DisplayName("Rule 5: a prevLogIndex/prevLogTerm mismatch is rejected with the conflicting term and its first index")
  void rule5_mismatchRejectedWithTermHint() {
    Raft f = server("f", state(3, 1, 1, 2, 2, 2), "f", "l", "x");
    AppendEntriesResult r = answer(f, new AppendEntries(3, id("l"), 5, 3, List.of(entry(6, 3)), 0, 0));
    assertFalse(r.success());
    assertEquals(5, r.rejectedIndex());
    assertEquals(2, r.conflictTerm());
    assertEquals(3, r.conflictIndex(), "first index of term 2 in the follower's log");
    assertEquals(5, f.log().lastIndex(), "a rejected AppendEntries changes nothing");
  }

  @Test
  @DisplayName("Rule 5: a log that is too short is rejected with its last index + 1")
  void rule5_shortLogHint() {
    Raft f = server("f", state(3, 1, 1), "f", "l", "x");
    AppendEntriesResult r = answer(f, new AppendEntries(3, id("l"), 7, 3, List.of(), 0, 0));
    assertFalse(r.success());
    assertEquals(0, r.conflictTerm());
    assertEquals(3, r.conflictIndex());
  }

  @Test
  @DisplayName("Rule 5: only the conflicting suffix is truncated")
  void rule5_truncatesOnlyConflictingSuffix() {
    Raft f = server("f", state(3, 1, 1, 2, 2), "f", "l", "x");
    AppendEntriesResult r = answer(f, new AppendEntries(3, id("l"), 2, 1, List.of(entry(3, 3), entry(4, 3)), 0, 0));
    assertTrue(r.success());
    assertEquals(4, r.matchIndex());
    assertEquals(List.of(1L, 1L, 3L, 3L), List.of(f.log().termAt(1), f.log().termAt(2), f.log().termAt(3),
        f.log().termAt(4)));
  }

  @Test
  @DisplayName("Rule 5: a delayed, shorter AppendEntries never truncates matching entries")
  void rule5_staleAppendDoesNotTruncate() {
    Raft f = server("f", state(1, 1, 1, 1, 1), "f", "l", "x");
    AppendEntriesResult r = answer(f, new AppendEntries(1, id("l"), 1, 1, List.of(entry(2, 1)), 0, 0));
    assertTrue(r.success());
    assertEquals(2, r.matchIndex());
    assertEquals(4, f.log().lastIndex(), "entries 3 and 4 match the leader and must stay");
    assertTrue(f.takeOutcome().events().isEmpty());
  }

  @Test
  @DisplayName("Rule 5: committed entries are never rewritten")
  void rule5_committedEntriesNeverRewritten() {
    Raft f = server("f", state(2, 1, 1, 1, 2), "f", "l", "x");
    answer(f, new AppendEntries(2, id("l"), 4, 2, List.of(), 3, 0));
    assertEquals(3, f.commitIndex());
    AppendEntriesResult r = answer(f, new AppendEntries(2, id("l"), 1, 1,
        List.of(entry(2, 9), entry(3, 9), entry(4, 9)), 3, 0));
    assertFalse(r.success(), "entries 2-3 are committed; the rest cannot follow a different entry 3");
    assertEquals(1, f.log().termAt(3));
    assertEquals(2, f.log().termAt(4));
  }

  @Test
  @DisplayName("Rule 5: the leader backs up a whole term per round trip, not one entry")
  void rule5_leaderBacksUpATermPerRoundTrip() {
    Raft l = server("l", state(4, terms(1, 3, 4, 4)), NO_PRE_VOTE, "l", "f", "x");
    Raft f = server("f", state(3, terms(1, 3, terms(2, 100, terms(3, 100)))), "l", "f", "x");
    elect(l, "x");
    AppendEntries request = sentTo(settle(l), "f", AppendEntries.class);
    int rejections = 0;
    while (true) {
      AppendEntriesResult r = answer(f, request);
      l.receive(r);
      if (r.success()) {
        break;
      }
      rejections++;
      request = sentTo(settle(l), "f", AppendEntries.class);
      assertTrue(rejections < 10, "took more than 10 round trips to repair 200 divergent entries");
    }
    assertTrue(rejections <= 3, "repair took " + rejections + " rejections");
    settle(l);
    assertEquals(l.log().lastIndex(), f.log().lastIndex());
    for (long i = 1; i <= l.log().lastIndex(); i++) {
      assertEquals(l.log().termAt(i), f.log().termAt(i), "index " + i);
    }
  }

  @Test
  @DisplayName("AppendEntries are bounded in entries and in bytes")
  void appendEntriesBounded() {
    RaftOptions options = NO_PRE_VOTE.withAppendLimits(10, 1000, 4);
    Raft l = server("l", state(1), options, "l", "f", "x");
    elect(l, "x");
    settle(l);
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("f"), 0, 0));
    settle(l);
    for (int i = 0; i < 100; i++) {
      l.proposeCommand(0, 0, 0, 0, new byte[60]);
    }
    l.flush();
    List<AppendEntries> toF = sent(settle(l), AppendEntries.class).stream()
        .filter(ae -> !ae.entries().isEmpty()).toList();
    assertFalse(toF.isEmpty());
    for (AppendEntries ae : toF) {
      assertTrue(ae.entries().size() <= 10);
      assertTrue(ae.entries().stream().mapToLong(LogEntry::sizeInBytes).sum() <= 1000);
    }
  }

  @Test
  @DisplayName("Pipelining: at most maxInflightAppends unacknowledged AppendEntries per follower")
  void pipelineWindowBounded() {
    RaftOptions options = NO_PRE_VOTE.withAppendLimits(2, 1 << 20, 3);
    Raft l = server("l", state(1), options, "l", "f", "x");
    elect(l, "x");
    settle(l);
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("f"), 1, 0));
    settle(l);
    for (int i = 0; i < 50; i++) {
      l.proposeCommand(0, 0, 0, 0, new byte[1]);
    }
    l.flush();
    assertEquals(3, appendsTo("f", settle(l)).size(), "f replicates: it gets exactly the window of 3 appends");
    l.receive(AppendEntriesResult.success(l.currentTerm(), id("f"), 3, 0));
    List<AppendEntries> more = appendsTo("f", settle(l));
    assertEquals(1, more.size(), "one acknowledgement frees one slot");
    assertEquals(7, more.get(0).prevLogIndex());
  }

  @Test
  @DisplayName("Rule 5: an unknown prevLogTerm (-1) never matches, not even beyond the end of the log")
  void rule5_unknownPrevLogTermNeverMatches() {
    Raft f = server("f", state(2, 1, 1, 2, 2), "f", "l", "x");
    AppendEntriesResult r = answer(f, new AppendEntries(2, id("l"), 5, -1, List.of(), 9, 0));
    assertFalse(r.success(), "f holds no entry 5 and must not acknowledge it");
    assertEquals(0, f.commitIndex(), "nothing was checked against the leader's log, so nothing may commit");
  }

  @Test
  @DisplayName("Rule 5: a heartbeat never follows an entry the leader compacted; the follower gets the snapshot")
  void heartbeatNeverFollowsACompactedEntry() {
    RaftOptions options = NO_PRE_VOTE.withAppendLimits(1, 1 << 20, 1);
    Raft l = server("l", state(1), options, "l", "f", "x");
    elect(l, "x");
    settle(l);
    long term = l.currentTerm();
    l.receive(AppendEntriesResult.success(term, id("f"), 1, 0));
    l.receive(AppendEntriesResult.success(term, id("x"), 1, 0));
    settle(l);
    l.proposeCommand(0, 0, 0, 0, new byte[1]);
    l.proposeCommand(0, 0, 0, 0, new byte[1]);
    l.flush();
    settle(l);
    l.receive(AppendEntriesResult.success(term, id("x"), 2, 0));
    settle(l);
    l.receive(AppendEntriesResult.success(term, id("x"), 3, 0));
    settle(l);
    assertEquals(3, l.commitIndex());
    // f's window of one is full with entry 2, so its next heartbeat would follow entry 2, which we now compact.
    l.snapshotTaken(new Snapshot(new SnapshotMeta(3, term, l.configuration()), new byte[] {1}));
    settle(l);
    List<RaftMessage> toF = new java.util.ArrayList<>();
    for (int i = 0; i < options.heartbeatTicks(); i++) {
      l.tick();
      settle(l).messages().stream().filter(o -> o.to().equals(id("f"))).forEach(o -> toF.add(o.message()));
    }
    for (RaftMessage m : toF) {
      if (m instanceof AppendEntries ae) {
        assertTrue(ae.prevLogTerm() >= 0, "sent " + ae + " with a prevLogTerm nobody can check");
      }
    }
    assertTrue(toF.stream().anyMatch(RaftMessage.InstallSnapshot.class::isInstance), "f gets the snapshot: " + toF);
  }
}
