package org.pekkoraft.core;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pekkoraft.core.RaftMessage.AppendEntries;
import org.pekkoraft.core.RaftMessage.AppendEntriesResult;
import org.pekkoraft.core.RaftMessage.InstallSnapshot;
import org.pekkoraft.core.RaftMessage.InstallSnapshotResult;

/**
 * The leader's rules: replicate the log to every follower, commit by counting current-term replicas (rule 6),
 * confirm reads, step down without a quorum, and hand leadership over on request.
 *
 * <p>Replication never waits for the leader's own disk: AppendEntries leave as soon as entries are in the log,
 * and the leader counts itself towards a quorum only once {@link Raft#persisted} reports its entries durable
 * (Raft dissertation section 10.2.1).
 */
final class Leader {

  private final Raft raft;
  private final Map<NodeId, Progress> progress = new TreeMap<>();
  private final ReadIndex reads = new ReadIndex();
  private final Membership membership;
  private NodeId transferTarget;
  private int transferElapsed;
  /**
   * A TimeoutNow left in this term. Its target may win an election that the others join despite their lease (it
   * is marked a transfer), at any time the message arrives, so this leader's lease is void for the rest of its term.
   */
  private boolean timeoutNowSent;
  /**
   * Quiescence: the round of the last heartbeat sent while every follower was in sync (-1: none since), and the
   * commit index it carried. Once every follower has answered that round with nothing changed, each knows the commit
   * index, and the next heartbeat is the quiesce mark. The round of the mark itself, whose answers wake nobody.
   */
  private long syncedRound = -1;
  private long syncedCommit;
  private long quiesceRound = -1;

  Leader(Raft raft) {
    this.raft = raft;
    this.membership = new Membership(raft, this);
  }

  /** Becoming leader: fresh progress for every peer, then a no-op of the new term (rule 6), sent at once. */
  void start() {
    syncProgress();
    long index = raft.log().lastIndex() + 1;
    raft.appendEntry(new LogEntry.NoOp(index, raft.currentTerm()));
    broadcast(true);
  }

  void stepDown() {
    reads.rejectAll(raft.out());
  }

  boolean acceptsProposals() {
    return transferTarget == null;
  }

  Membership membership() {
    return membership;
  }

  Progress progress(NodeId peer) {
    return progress.get(peer);
  }

  NodeId transferTarget() {
    return transferTarget;
  }

  /** Keeps one Progress per member of the configuration other than ourselves; new ones start probing. */
  void syncProgress() {
    Configuration config = raft.configuration();
    progress.keySet().removeIf(peer -> !config.isMember(peer));
    for (NodeId peer : config.members()) {
      if (!peer.equals(raft.id()) && !progress.containsKey(peer)) {
        progress.put(peer, new Progress(raft.log().lastIndex() + 1, raft.options().maxInflightAppends()));
      }
    }
  }

  void tick() {
    RaftOptions options = raft.options();
    raft.setHeartbeatElapsed(raft.heartbeatElapsed() + 1);
    raft.setElectionElapsed(raft.electionElapsed() + 1);
    if (transferTarget != null && ++transferElapsed >= options.electionTimeoutMinTicks()) {
      transferTarget = null;
    }
    if (raft.electionElapsed() >= options.electionTimeoutMaxTicks()) {
      raft.setElectionElapsed(0);
      if (options.checkQuorum() && !checkQuorum()) {
        raft.becomeFollower(raft.currentTerm(), null);
        return;
      }
    }
    if (raft.heartbeatElapsed() >= options.heartbeatTicks()) {
      raft.setHeartbeatElapsed(0);
      if (maybeQuiesce()) {
        return;
      }
      newRound();
      broadcast(true);
      syncedRound = inSync() ? reads.seq() : -1;
      syncedCommit = raft.commitIndex();
    }
  }

  /**
   * At a heartbeat: when every follower was in sync at the previous heartbeat and has answered it, and nothing has
   * changed since, sends the quiesce mark (an empty AppendEntries after our last entry, carrying the commit index)
   * to every follower, then stops ticking until woken.
   */
  private boolean maybeQuiesce() {
    if (syncedRound < 0 || !inSync() || syncedCommit != raft.commitIndex()) {
      return false;
    }
    for (Progress p : progress.values()) {
      if (p.ackedSeq < syncedRound) {
        return false;
      }
    }
    newRound();
    quiesceRound = reads.seq();
    long last = raft.log().lastIndex();
    for (NodeId peer : progress.keySet()) {
      transmit(peer, new AppendEntries(raft.currentTerm(), raft.id(), last, raft.log().termAt(last), List.of(),
          raft.commitIndex(), quiesceRound, true));
    }
    syncedRound = -1;
    raft.quiescence().quiesceLeader();
    return true;
  }

  /**
   * True when this leader has nothing left to do: quiescence is on, everything in the log is durable here and
   * committed, every member (voters and learners) holds the whole log with nothing in flight and is reported
   * reachable by the host's failure detector, and no read, configuration change or transfer is pending.
   */
  private boolean inSync() {
    long last = raft.log().lastIndex();
    if (!raft.options().quiesce() || transferTarget != null || !reads.isEmpty() || raft.flushPending()
        || raft.writesPending() || raft.durableIndex() != last || raft.commitIndex() != last
        || raft.configurationChangeInProgress()) {
      return false;
    }
    for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
      Progress p = e.getValue();
      if (p.state != Progress.State.REPLICATE || p.matchIndex != last || !p.inflightEmpty()
          || !raft.reachable(e.getKey())) {
        return false;
      }
    }
    return true;
  }

  /** A success echoing the quiesce mark's round from a follower that holds our whole log: it changes nothing. */
  boolean isQuiesceAck(AppendEntriesResult m) {
    Progress p = progress.get(m.from());
    return p != null && m.success() && m.seq() == quiesceRound && m.matchIndex() == raft.log().lastIndex()
        && m.matchIndex() == p.matchIndex;
  }

  /**
   * Woken from quiescence: a fresh check-quorum period (followers must be heard from anew before it ends), and a
   * heartbeat at the next tick.
   */
  void wake() {
    quiesceRound = -1;
    syncedRound = -1;
    raft.setElectionElapsed(0);
    raft.setHeartbeatElapsed(raft.options().heartbeatTicks());
    for (Progress p : progress.values()) {
      p.recentActive = false;
    }
  }

  /** Starts a broadcast round: what is sent from now on carries a new sequence number. */
  private void newRound() {
    reads.nextRound();
  }

  /**
   * Check-quorum (section 6.2): true when a majority was heard from since the last check; resets the marks. Checked
   * every maximum election timeout: by then followers that lost the leader have started an election anyway, and a
   * shorter period makes a merely busy leader step down.
   */
  private boolean checkQuorum() {
    boolean active = raft.configuration().hasQuorum(
        id -> id.equals(raft.id()) || (progress.containsKey(id) && progress.get(id).recentActive));
    for (Progress p : progress.values()) {
      p.recentActive = false;
    }
    return active;
  }

  void flush() {
    if (reads.needsRound()) {
      newRound();
      broadcast(true);
      confirmReads();
    } else {
      broadcast(false);
    }
  }

  /** Sends to every follower what it can take; with {@code heartbeat}, something to each, even if empty. */
  private void broadcast(boolean heartbeat) {
    for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
      sendAppend(e.getKey(), e.getValue(), heartbeat);
    }
  }

  void readIndex(long readId) {
    RaftLog log = raft.log();
    boolean committedInTerm = log.termAt(raft.commitIndex()) == raft.currentTerm();
    reads.add(readId, raft.commitIndex(), committedInTerm);
    raft.markFlushPending();
  }

  private void confirmReads() {
    if (!reads.isEmpty()) {
      reads.confirm(quorumSeq(), raft.out());
    }
  }

  /** The latest broadcast round that a quorum has answered. */
  private long quorumSeq() {
    long current = reads.seq();
    return raft.configuration().committedIndex(
        id -> id.equals(raft.id()) ? current : (progress.containsKey(id) ? progress.get(id).ackedSeq : 0));
  }

  /** The broadcast round AppendEntries carry now; 0 is the round that began with this leadership. */
  long round() {
    return reads.seq();
  }

  /**
   * For lease reads: the latest round a quorum has answered, or -1 when no lease may be claimed at all. A lease
   * needs check-quorum (followers then refuse to elect anyone for the minimum election timeout after hearing from
   * us), an entry of this term committed (so commitIndex covers every acknowledged write), and no leadership
   * transfer started in this term. How long a round's lease lasts is the host's to measure, on its clock.
   */
  long leaseRound() {
    if (!raft.options().checkQuorum() || raft.log().termAt(raft.commitIndex()) != raft.currentTerm()
        || transferTarget != null || timeoutNowSent) {
      return -1;
    }
    return quorumSeq();
  }

  void onAppendEntriesResult(AppendEntriesResult m) {
    Progress p = progress.get(m.from());
    if (p == null) {
      return;
    }
    p.recentActive = true;
    if (m.seq() > p.ackedSeq) {
      p.ackedSeq = m.seq();
      confirmReads();
    }
    if (m.success()) {
      boolean advanced = p.acknowledge(m.matchIndex());
      if (p.state == Progress.State.PROBE) {
        p.becomeReplicate();
      } else if (p.state == Progress.State.SNAPSHOT && p.matchIndex >= p.snapshot.lastIncludedIndex()) {
        p.becomeProbe();
        p.nextIndex = p.matchIndex + 1;
      }
      if (advanced) {
        maybeCommit();
        if (raft.role() != Role.LEADER) {
          return;
        }
        membership.onProgress(m.from(), p);
      }
      if (m.from().equals(transferTarget) && p.matchIndex == raft.log().lastIndex()) {
        sendTimeoutNow();
      }
    } else {
      if (!isCurrentRejection(p, m)) {
        return;
      }
      p.nextIndex = Math.max(p.matchIndex + 1, Math.min(m.rejectedIndex(), nextIndexFromHint(m)));
      p.becomeProbe();
    }
    sendAppend(m.from(), p, false);
  }

  /**
   * A rejection answers a particular prevLogIndex; with pipelining, answers to messages sent before we changed
   * course still arrive and must not move nextIndex again.
   */
  private static boolean isCurrentRejection(Progress p, AppendEntriesResult m) {
    switch (p.state) {
      case REPLICATE:
        return m.rejectedIndex() > p.matchIndex;
      case PROBE:
        return m.rejectedIndex() == p.nextIndex - 1;
      default:
        return false;
    }
  }

  /**
   * Backs up a whole term per round trip (rule 5): if we hold entries of the follower's conflicting term, resume
   * after our last one; otherwise skip the follower's entire run of that term. A short log resumes at its end.
   */
  private long nextIndexFromHint(AppendEntriesResult m) {
    if (m.conflictTerm() == 0) {
      return m.conflictIndex();
    }
    long ourLast = raft.log().lastIndexOfTerm(m.conflictTerm());
    return ourLast > 0 ? ourLast + 1 : m.conflictIndex();
  }

  void onInstallSnapshotResult(InstallSnapshotResult m) {
    Progress p = progress.get(m.from());
    if (p == null) {
      return;
    }
    p.recentActive = true;
    if (m.installed()) {
      if (p.acknowledge(m.lastIncludedIndex())) {
        maybeCommit();
        if (raft.role() != Role.LEADER) {
          return;
        }
        membership.onProgress(m.from(), p);
      }
      if (p.state == Progress.State.SNAPSHOT) {
        p.becomeProbe();
        p.nextIndex = p.matchIndex + 1;
      }
      sendAppend(m.from(), p, false);
      return;
    }
    if (p.state != Progress.State.SNAPSHOT || m.lastIncludedIndex() != p.snapshot.lastIncludedIndex()) {
      return;
    }
    long next = m.nextOffset();
    if (next > p.snapshotAckedOffset) {
      // Progress: only this counts as activity, so a follower stuck at a gap still gets the heartbeat rewind.
      p.snapshotAckedOffset = next;
      p.snapshotIdleTicks = 0;
    } else if (next < p.snapshotAckedOffset) {
      // The follower lost what it had (restart, or a corrupt transfer): start again where it stands.
      p.snapshotAckedOffset = next;
      p.rewindSnapshot(next);
      p.snapshotRewoundTo = next;
    } else if (next < p.snapshotSentOffset && p.snapshotRewoundTo != next) {
      // No progress while later chunks are out: the follower is at a gap (a chunk lost, or it restarted before its
      // first acknowledgement) and answers every later chunk with this offset. Resend from it, once per offset; if
      // that is lost too, the heartbeat rewind retries.
      p.rewindSnapshot(next);
      p.snapshotRewoundTo = next;
    }
    sendSnapshotChunks(m.from(), p);
  }

  /**
   * Rule 6 (Figure 8): the commit index moves to the highest index a quorum holds durably, but only if that entry
   * is of the current term; earlier entries are then committed with it, indirectly.
   */
  void maybeCommit() {
    long candidate = raft.configuration().committedIndex(
        id -> id.equals(raft.id()) ? raft.durableIndex() : (progress.containsKey(id) ? progress.get(id).matchIndex : 0));
    if (candidate <= raft.commitIndex() || raft.log().termAt(candidate) != raft.currentTerm()) {
      return;
    }
    boolean firstInTerm = raft.log().termAt(raft.commitIndex()) != raft.currentTerm();
    raft.advanceCommitIndex(candidate);
    if (firstInTerm) {
      reads.onCommitInTerm(raft.commitIndex());
      raft.markFlushPending();
    }
    membership.onCommit();
  }

  private void sendAppend(NodeId peer, Progress p, boolean heartbeat) {
    RaftLog log = raft.log();
    RaftOptions options = raft.options();
    switch (p.state) {
      case SNAPSHOT -> {
        if (heartbeat && ++p.snapshotIdleTicks >= 2) {
          p.rewindSnapshot(p.snapshotAckedOffset);
          p.snapshotRewoundTo = -1;
          p.snapshotIdleTicks = 0;
          sendSnapshotChunks(peer, p);
        }
        return;
      }
      case PROBE -> {
        if (p.probeSent && !heartbeat) {
          return;
        }
        if (p.nextIndex <= log.snapshotIndex()) {
          startSnapshot(peer, p);
          return;
        }
        List<LogEntry> entries = log.slice(p.nextIndex, options.maxEntriesPerAppend(), options.maxBytesPerAppend());
        send(peer, p.nextIndex - 1, entries);
        p.probeSent = true;
      }
      case REPLICATE -> {
        boolean sent = false;
        while (!p.inflightFull() && p.nextIndex <= log.lastIndex()) {
          if (p.nextIndex <= log.snapshotIndex()) {
            startSnapshot(peer, p);
            return;
          }
          List<LogEntry> entries = log.slice(p.nextIndex, options.maxEntriesPerAppend(),
              options.maxBytesPerAppend());
          send(peer, p.nextIndex - 1, entries);
          p.sent(entries.get(entries.size() - 1).index());
          sent = true;
        }
        if (!sent && heartbeat) {
          if (p.nextIndex <= log.snapshotIndex()) {
            // The window is full and the entry before nextIndex has been compacted since: its term is unknown, so
            // no AppendEntries can follow it. Fall back to the snapshot, as for any compacted entry.
            startSnapshot(peer, p);
            return;
          }
          send(peer, p.nextIndex - 1, List.of());
        }
      }
    }
  }

  private void send(NodeId peer, long prevLogIndex, List<LogEntry> entries) {
    long prevLogTerm = raft.log().termAt(prevLogIndex);
    transmit(peer, new AppendEntries(raft.currentTerm(), raft.id(), prevLogIndex, prevLogTerm, entries,
        raft.commitIndex(), reads.seq()));
  }

  private void startSnapshot(NodeId peer, Progress p) {
    p.becomeSnapshot(raft.snapshot());
    sendSnapshotChunks(peer, p);
  }

  /**
   * Sends chunks from the next unsent byte, keeping at most maxInflightAppends chunks unacknowledged, and nothing
   * once the last chunk is out: only a rewind (a gap the follower reported, or a heartbeat without progress) sends
   * a chunk again.
   */
  private void sendSnapshotChunks(NodeId peer, Progress p) {
    Snapshot snapshot = p.snapshot;
    byte[] data = snapshot.data();
    long chunk = raft.options().maxBytesPerAppend();
    long window = chunk * raft.options().maxInflightAppends();
    long checksum = snapshot.checksum();
    SnapshotMeta meta = snapshot.meta();
    while (!p.snapshotDoneSent && p.snapshotSentOffset - p.snapshotAckedOffset < window) {
      int from = (int) p.snapshotSentOffset;
      int to = (int) Math.min(data.length, from + chunk);
      boolean done = to == data.length;
      transmit(peer, new InstallSnapshot(raft.currentTerm(), raft.id(), meta.lastIncludedIndex(),
          meta.lastIncludedTerm(), meta.configuration(), from, Arrays.copyOfRange(data, from, to), done,
          data.length, checksum));
      p.snapshotSentOffset = to;
      p.snapshotDoneSent = done;
    }
  }

  /**
   * Starts a leadership transfer (section 3.10): stop taking proposals, bring the target up to date, then tell it
   * to time out. Gives up after an election timeout.
   *
   * @return null when started, else why it cannot be
   */
  String transferLeadership(NodeId target) {
    if (target.equals(raft.id())) {
      return "node " + target + " is already the leader";
    }
    if (!raft.configuration().voters().contains(target)) {
      return "node " + target + " is not a voter in " + raft.configuration();
    }
    if (transferTarget != null) {
      return "a leadership transfer to " + transferTarget + " is already in progress";
    }
    Progress p = progress.get(target);
    long behind = raft.log().lastIndex() - p.matchIndex;
    long window = (long) raft.options().maxEntriesPerAppend() * raft.options().maxInflightAppends();
    // A target within one pipelining window is caught up before TimeoutNow, even in PROBE: a single lost or
    // reordered append puts a healthy follower there for a round trip. One that needs a snapshot, or more than a
    // window, could not catch up within the election timeout the transfer is given.
    if (p.state == Progress.State.SNAPSHOT || behind > window) {
      return "node " + target + " is lagging (" + behind + " entries behind, " + p.state
          + "); transfer to an up-to-date voter";
    }
    transferTarget = target;
    transferElapsed = 0;
    if (p.matchIndex == raft.log().lastIndex()) {
      sendTimeoutNow();
    } else {
      sendAppend(target, p, true);
    }
    return null;
  }

  private void sendTimeoutNow() {
    timeoutNowSent = true;
    transmit(transferTarget, new RaftMessage.TimeoutNow(raft.currentTerm(), raft.id()));
  }

  /**
   * A leader's messages depend only on its term, so they leave at once (replication in parallel with the leader's
   * own write, section 10.2.1) as soon as that term is durable; until then they wait for the disk like any other.
   */
  private void transmit(NodeId peer, RaftMessage message) {
    if (raft.termDurable()) {
      raft.out().sendNow(peer, message);
    } else {
      raft.out().send(peer, message);
    }
  }
}
