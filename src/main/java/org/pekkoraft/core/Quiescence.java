package org.pekkoraft.core;

import java.util.HashSet;
import java.util.Set;

/**
 * Quiescence of one server: whether its heartbeats and election timer are stopped, and which peers the host's
 * failure detector finds reachable (only those may be relied on while quiet). The rules of when to go quiet are the
 * roles' ({@code Leader}, {@code Follower}); this class holds the state and the wake-up rules. It never changes a
 * vote or commit rule: it only stops and restarts timers.
 */
final class Quiescence {

  private final Raft raft;
  /** Neither heartbeats nor election timer run until an input wakes this server. */
  private boolean quiescent;
  /** Peers the host's failure detector watches and finds reachable. */
  private final Set<NodeId> reachable = new HashSet<>();

  Quiescence(Raft raft) {
    this.raft = raft;
  }

  boolean quiescent() {
    return quiescent;
  }

  boolean reachable(NodeId peer) {
    return reachable.contains(peer);
  }

  /** See {@link Raft#peerReachable}: a quiescent leader wakes, as it may have to catch that peer up. */
  void peerReachable(NodeId peer) {
    if (peer.equals(raft.id()) || !reachable.add(peer)) {
      return;
    }
    if (quiescent && raft.role() == Role.LEADER) {
      wake();
    }
  }

  /** See {@link Raft#peerUnreachable}: a quiescent leader, or a quiescent follower of that peer, wakes. */
  void peerUnreachable(NodeId peer) {
    if (!reachable.remove(peer)) {
      return;
    }
    if (quiescent && (raft.role() == Role.LEADER || peer.equals(raft.leaderId()))) {
      wake();
    }
  }

  /** The leader sent its quiesce mark to every follower: stop ticking until woken. */
  void quiesceLeader() {
    if (raft.role() == Role.LEADER && raft.options().quiesce()) {
      quiescent = true;
    }
  }

  /**
   * A follower accepted the quiesce mark of its leader and its log matches up to that leader's commit index: stop the
   * election timer until woken, unless the host's failure detector does not find the leader reachable. (Chunks of a
   * snapshot left over from a transfer the leader gave up on do not matter: the leader quiesces only when it sends
   * no snapshot to anyone.)
   */
  void quiesceFollower() {
    NodeId leaderId = raft.leaderId();
    if (raft.role() == Role.FOLLOWER && raft.options().quiesce() && leaderId != null
        && reachable.contains(leaderId)) {
      quiescent = true;
    }
  }

  /**
   * Ends quiescence. A leader starts a fresh check-quorum period and heartbeats at its next tick; a follower restarts
   * its randomized election timer, which runs from now as after any message from its leader.
   */
  void wake() {
    if (!quiescent) {
      return;
    }
    quiescent = false;
    if (raft.role() == Role.LEADER) {
      raft.leader().wake();
    } else {
      raft.resetElectionTimer();
    }
  }

  /** A role change ends quiescence without the wake-up actions: the new role sets its own timers. */
  void cleared() {
    quiescent = false;
  }

  /**
   * Wakes a quiescent server on a member's message. The answer to a leader's own quiesce mark does not wake it (the
   * follower is as in sync as it was). A follower woken by anyone but its leader (a candidate, a node that lost the
   * leader) also nudges the leader with an acknowledgement of its commit index, which holds for any leader of the
   * term (Leader Completeness) and confirms no read (round 0), so that the leader heartbeats again and keeps its
   * followers.
   */
  void wakeOn(RaftMessage message) {
    if (!quiescent) {
      return;
    }
    if (raft.role() == Role.LEADER) {
      if (!(message instanceof RaftMessage.AppendEntriesResult m && raft.leader().isQuiesceAck(m))) {
        wake();
      }
      return;
    }
    wake();
    NodeId leaderId = raft.leaderId();
    if (leaderId != null && !message.from().equals(leaderId) && reachable.contains(leaderId)) {
      raft.out().send(leaderId,
          RaftMessage.AppendEntriesResult.success(raft.currentTerm(), raft.id(), raft.commitIndex(), 0));
    }
  }
}
