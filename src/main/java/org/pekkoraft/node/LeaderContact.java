package org.pekkoraft.node;

import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.NodeHealth;
import org.pekkoraft.server.Replica;

/**
 * When this node last heard from its leader, and the leader's commit index it heard then: what
 * {@link NodeHealth} reports, so that a node can tell whether it is caught up without asking the leader. Runs on
 * the node's thread.
 */
final class LeaderContact {

  private NodeId leader;
  private long heardNanos;
  private long leaderCommit;

  /** After the replica took {@code message}: notes it if it came from the leader this node now follows. */
  void received(RaftMessage message, NodeId leaderNow, long nowNanos) {
    if (leaderNow == null || !leaderNow.equals(message.from())) {
      return;
    }
    if (message instanceof RaftMessage.AppendEntries append) {
      noteLeader(leaderNow);
      heardNanos = nowNanos;
      leaderCommit = Math.max(leaderCommit, append.leaderCommit());
    } else if (message instanceof RaftMessage.InstallSnapshot) {
      noteLeader(leaderNow);
      heardNanos = nowNanos;
    }
  }

  private void noteLeader(NodeId now) {
    if (!now.equals(leader)) {
      leader = now;
      leaderCommit = 0;
    }
  }

  NodeHealth health(Replica replica, String leaderEndpoint, long nowNanos) {
    var raft = replica.raft();
    NodeId current = raft.leaderId();
    long commit;
    long age;
    if (raft.role() == Role.LEADER) {
      commit = raft.commitIndex();
      age = 0;
    } else if (current != null && current.equals(leader)) {
      commit = leaderCommit;
      // A quiescent follower last heard the leader's quiesce mark: nothing has changed since, and Pekko Cluster's
      // failure detector vouches for the leader meanwhile (it wakes the follower otherwise). So it is in contact now.
      age = raft.quiescent() ? 0 : (nowNanos - heardNanos) / 1_000_000;
    } else {
      commit = 0;
      age = -1;
    }
    return new NodeHealth(raft.id(), false, raft.role(), raft.currentTerm(), current, leaderEndpoint,
        raft.commitIndex(), replica.lastApplied(), commit, age);
  }
}
