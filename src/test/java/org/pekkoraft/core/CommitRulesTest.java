package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.elect;
import static org.pekkoraft.core.CoreFixture.entry;
import static org.pekkoraft.core.CoreFixture.id;
import static org.pekkoraft.core.CoreFixture.server;
import static org.pekkoraft.core.CoreFixture.settle;
import static org.pekkoraft.core.CoreFixture.state;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.RaftMessage.AppendEntries;
import org.pekkoraft.core.RaftMessage.AppendEntriesResult;

/** Rules 6 and 7: commit only by counting current-term replicas; commitIndex only moves forward. */
class CommitRulesTest {

  private static final RaftOptions NO_PRE_VOTE = RaftOptions.defaults().withPreVote(false);

  @Test
  @DisplayName("Rule 6: a new leader appends a no-op of its term at once")
  void rule6_newLeaderAppendsNoOp() {
    Raft l = server("l", state(2, 1, 2), NO_PRE_VOTE, "l", "a", "b");
    elect(l, "a");
    assertEquals(3, l.log().lastIndex());
    assertInstanceOf(LogEntry.NoOp.class, l.log().entry(3));
    assertEquals(l.currentTerm(), l.log().termAt(3));
  }

  /**
   * Figure 8 (c): S1 leads term 4 and has replicated entry 2 of term 2 to a majority. Counting that would commit
   * it, and S5 (with entry 2 of term 3) could still win term 5 and overwrite it. So nothing commits until an entry
   * of term 4 is on a majority; then entry 2 commits indirectly.
   */
  @Test
  @DisplayName("Rule 6 (Figure 8): entries of an earlier term are not committed by counting replicas")
  void rule6_figure8() {
    Raft s1 = server("s1", state(3, 1, 2), NO_PRE_VOTE, "s1", "s2", "s3", "s4", "s5");
    elect(s1, "s2", "s3");
    assertEquals(4, s1.currentTerm());
    settle(s1);
    long noop = s1.log().lastIndex();
    assertEquals(3, noop);

    s1.receive(AppendEntriesResult.success(4, id("s2"), 2, 0));
    s1.receive(AppendEntriesResult.success(4, id("s3"), 2, 0));
    settle(s1);
    assertEquals(0, s1.commitIndex(), "entry 2 (term 2) is on s1, s2, s3 but must not commit by counting");

    s1.receive(AppendEntriesResult.success(4, id("s2"), 3, 0));
    settle(s1);
    assertEquals(0, s1.commitIndex(), "the term-4 no-op is on two servers only");
    s1.receive(AppendEntriesResult.success(4, id("s3"), 3, 0));
    settle(s1);
    assertEquals(3, s1.commitIndex(), "a majority holds the term-4 entry: it commits, and entry 2 with it");
  }

  @Test
  @DisplayName("Rule 7: a follower commits min(leaderCommit, last new entry) and never moves back")
  void rule7_followerCommitIndex() {
    Raft f = server("f", state(1), "f", "l", "x");
    f.receive(new AppendEntries(1, id("l"), 0, 0, List.of(entry(1, 1), entry(2, 1)), 5, 0));
    settle(f);
    assertEquals(2, f.commitIndex(), "leaderCommit 5 is beyond what this message verified");
    f.receive(new AppendEntries(1, id("l"), 0, 0, List.of(entry(1, 1)), 1, 0));
    settle(f);
    assertEquals(2, f.commitIndex(), "a delayed message with an older leaderCommit does not move it back");
  }

  @Test
  @DisplayName("Rule 7: the leader's commitIndex only advances, one quorum at a time")
  void rule7_leaderCommitMonotonic() {
    Raft l = server("l", state(1), NO_PRE_VOTE, "l", "a", "b");
    elect(l, "a");
    settle(l);
    long last = 0;
    for (int i = 0; i < 20; i++) {
      l.proposeCommand(0, 0, 0, 0, new byte[] {(byte) i});
      l.flush();
      settle(l);
      l.receive(AppendEntriesResult.success(l.currentTerm(), id(i % 2 == 0 ? "a" : "b"), l.log().lastIndex() - 1,
          0));
      settle(l);
      assertTrue(l.commitIndex() >= last);
      assertTrue(l.commitIndex() <= l.log().lastIndex());
      last = l.commitIndex();
    }
    assertEquals(l.log().lastIndex() - 1, l.commitIndex());
  }
}
