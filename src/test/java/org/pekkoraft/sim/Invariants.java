package org.pekkoraft.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.PersistentState;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.RaftEvent;
import org.pekkoraft.core.RaftLog;
import org.pekkoraft.core.Role;

/**
 * Raft's safety properties (Figure 3), checked on the simulated cluster as it runs:
 * <ul>
 *   <li>Election Safety: at most one leader per term.
 *   <li>Durable votes: across crashes, a server votes for at most one candidate per term.
 *   <li>Log Matching: two logs with an entry of the same index and term agree on every entry up to it.
 *   <li>Leader Completeness: a new leader of term T holds every entry committed in a term before T. (A leader of
 *       an older term may still be elected late, by votes that a paused node or a stalled network delivered long
 *       after they were cast; it need not hold what newer terms committed, and it cannot commit anything.)
 *   <li>State Machine Safety: no two servers commit or apply different entries at the same index.
 * </ul>
 */
final class Invariants {

  private final SimCluster cluster;
  private final Map<Long, NodeId> leaderOfTerm = new HashMap<>();
  private final Map<String, NodeId> durableVote = new HashMap<>();
  /** Every entry known to be committed, by index. */
  private final Map<Long, LogEntry> committed = new HashMap<>();
  /**
   * The term in which each committed entry was first seen committed: the currentTerm of the node that committed
   * it, never below the term in which it really became committed, so Leader Completeness is checked soundly.
   */
  private final Map<Long, Long> committedInTerm = new HashMap<>();
  /** Per node, the commit index up to which its entries were recorded (a committed entry never changes). */
  private final Map<NodeId, Long> recordedUpTo = new HashMap<>();
  private long maxCommitted;
  private long checks;

  Invariants(SimCluster cluster) {
    this.cluster = cluster;
  }

  long maxCommitted() {
    return maxCommitted;
  }

  LogEntry committedAt(long index) {
    return committed.get(index);
  }

  void afterEvent() {
    for (SimNode node : cluster.nodes) {
      if (!node.up) {
        continue;
      }
      if (node.raft().role() == Role.LEADER) {
        NodeId previous = leaderOfTerm.putIfAbsent(node.raft().currentTerm(), node.id);
        if (previous != null && !previous.equals(node.id)) {
          fail("two leaders in term " + node.raft().currentTerm() + ": " + previous + " and " + node.id);
        }
      }
      recordCommitted(node);
    }
    if (++checks % 200 == 0) {
      checkLogMatching();
    }
  }

  /**
   * Nothing leaves a server before the state it speaks for is durable (rule 1): the term it reports, a vote it
   * grants or asks for, the entries it acknowledges.
   *
   * <p>A message that waited for a write is released when the whole batch is durable, and that batch may also hold
   * a later term (a vote request for term t+1 arriving before the batch with the vote for t was written). Then the
   * durable state has moved past the message's term: the claim was durable when written, and no restart can
   * contradict it in that term any more, so it is safe. The checks below apply to messages of the durable term.
   */
  void onSend(SimNode node, RaftMessage message) {
    PersistentState d = node.durable;
    boolean futureTerm = (message instanceof RaftMessage.RequestVote rv && rv.preVote())
        || (message instanceof RaftMessage.RequestVoteResult r && r.preVote() && r.voteGranted());
    if (!futureTerm && message.term() > d.currentTerm()) {
      fail(node.id + " sent " + message + " with term " + message.term() + " before that term was durable ("
          + d.currentTerm() + ")");
    }
    if (message.term() < d.currentTerm()) {
      return;
    }
    if (message instanceof RaftMessage.RequestVoteResult r && !r.preVote() && r.voteGranted()) {
      NodeId to = findVoteTarget(node, r);
      if (d.votedFor() == null || (to != null && !d.votedFor().equals(to))) {
        fail(node.id + " granted a vote in term " + r.term() + " before it was durable");
      }
    }
    if (message instanceof RaftMessage.RequestVote rv && !rv.preVote() && !node.id.equals(d.votedFor())) {
      fail(node.id + " asked for votes in term " + rv.term() + " before its own vote was durable");
    }
    if (message instanceof RaftMessage.AppendEntriesResult r && r.success()) {
      RaftLog durableLog = d.log();
      long m = r.matchIndex();
      if (m > durableLog.lastIndex() && m > d.snapshot().lastIncludedIndex()) {
        fail(node.id + " acknowledged entries up to " + m + " with only " + durableLog.lastIndex() + " durable");
      }
    }
  }

  private static NodeId findVoteTarget(SimNode node, RaftMessage.RequestVoteResult r) {
    return node.raft().currentTerm() == r.term() ? node.raft().votedFor() : null;
  }

  /** Called with a batch about to become durable on {@code node}. */
  void beforeDurable(SimNode node, List<RaftEvent> batch) {
    for (RaftEvent event : batch) {
      if (event instanceof RaftEvent.VoteCast vote) {
        NodeId before = durableVote.putIfAbsent(node.id + "@" + vote.term(), vote.candidate());
        if (before != null && !before.equals(vote.candidate())) {
          fail(node.id + " voted twice in term " + vote.term() + ": for " + before + " and " + vote.candidate());
        }
      }
    }
  }

  void onNewLeader(SimNode node) {
    RaftLog log = node.raft().log();
    for (long i = log.firstIndex(); i <= maxCommitted; i++) {
      LogEntry c = committed.get(i);
      if (c == null || committedInTerm.get(i) >= node.raft().currentTerm()) {
        continue;
      }
      if (i > log.lastIndex() || !log.entry(i).equals(c)) {
        fail("Leader Completeness: new leader " + node.id + " of term " + node.raft().currentTerm()
            + " lacks committed entry " + c);
      }
    }
  }

  /**
   * An applied entry is committed: recorded here too, because a node may snapshot (and compact away) what it
   * applied before {@link #afterEvent} looks at its log.
   */
  void onApply(SimNode node, LogEntry entry) {
    LogEntry c = record(node, entry);
    if (c != null && !c.equals(entry)) {
      fail(node.id + " applied " + entry + " but " + c + " was committed at that index");
    }
    maxCommitted = Math.max(maxCommitted, entry.index());
  }

  /** Records {@code entry} as committed, as seen by {@code node}; returns what was recorded before, or null. */
  private LogEntry record(SimNode node, LogEntry entry) {
    LogEntry before = committed.putIfAbsent(entry.index(), entry);
    if (before == null) {
      committedInTerm.put(entry.index(), node.raft().currentTerm());
    }
    return before;
  }

  /** A restarted node's commitIndex starts again at its snapshot; its entries are checked again as it catches up. */
  void onRestart(SimNode node) {
    recordedUpTo.put(node.id, node.raft().commitIndex());
  }

  private void recordCommitted(SimNode node) {
    long commit = node.raft().commitIndex();
    RaftLog log = node.raft().log();
    long from = Math.max(recordedUpTo.getOrDefault(node.id, 0L) + 1, log.firstIndex());
    recordedUpTo.put(node.id, Math.max(commit, recordedUpTo.getOrDefault(node.id, 0L)));
    for (long i = from; i <= commit; i++) {
      LogEntry entry = log.entry(i);
      LogEntry before = record(node, entry);
      if (before != null && !before.equals(entry)) {
        fail("State Machine Safety: " + node.id + " committed " + entry + " where " + before + " was committed");
      }
    }
    if (node.raft().role() == Role.LEADER && commit > maxCommitted) {
      checkDurableOnMajority(node, commit);
    }
    maxCommitted = Math.max(maxCommitted, commit);
  }

  /**
   * A leader may commit an entry only once a majority of its configuration's voters holds it durably (a majority of
   * both voting sets during joint consensus).
   */
  private void checkDurableOnMajority(SimNode leader, long index) {
    Configuration config = leader.raft().configuration();
    checkDurableOnMajority(leader, index, config.voters());
    if (config.isJoint()) {
      checkDurableOnMajority(leader, index, config.outgoingVoters());
    }
  }

  private void checkDurableOnMajority(SimNode leader, long index, Set<NodeId> voters) {
    long term = leader.raft().log().termAt(index);
    int holders = 0;
    for (SimNode n : cluster.nodes) {
      RaftLog durableLog = n.durable.log();
      if (voters.contains(n.id)
          && (durableLog.termAt(index) == term || n.durable.snapshot().lastIncludedIndex() >= index)) {
        holders++;
      }
    }
    if (holders < voters.size() / 2 + 1) {
      fail(leader.id + " committed " + index + " held durably by only " + holders + " of the voters " + voters);
    }
  }

  private void checkLogMatching() {
    List<SimNode> nodes = cluster.nodes;
    for (int a = 0; a < nodes.size(); a++) {
      for (int b = a + 1; b < nodes.size(); b++) {
        checkPair(nodes.get(a).raft().log(), nodes.get(b).raft().log(), nodes.get(a).id, nodes.get(b).id);
      }
    }
  }

  private void checkPair(RaftLog x, RaftLog y, NodeId xi, NodeId yi) {
    long from = Math.max(x.firstIndex(), y.firstIndex());
    long to = Math.min(x.lastIndex(), y.lastIndex());
    long highestSame = 0;
    for (long i = to; i >= from; i--) {
      if (x.termAt(i) == y.termAt(i)) {
        highestSame = i;
        break;
      }
    }
    for (long i = from; i <= highestSame; i++) {
      if (!x.entry(i).equals(y.entry(i))) {
        fail("Log Matching: " + xi + " and " + yi + " agree at " + highestSame + " but differ at " + i + ": "
            + x.entry(i) + " vs " + y.entry(i));
      }
    }
  }

  void fail(String what) {
    throw new AssertionError(what + "\n" + cluster + "replay with -Dsim.seed=" + cluster.seed);
  }
}
