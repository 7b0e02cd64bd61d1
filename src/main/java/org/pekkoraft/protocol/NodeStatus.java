package org.pekkoraft.protocol;

import java.util.Set;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.CborSerializable;

/** A node's view of itself and of the cluster, for {@code bin/raft status} and for tests. */
public record NodeStatus(NodeId nodeId, String address, Role role, long term, NodeId votedFor, NodeId leaderId,
    long commitIndex, long lastApplied, long lastLogIndex, long lastLogTerm, long snapshotIndex, Set<NodeId> voters,
    Set<NodeId> learners, boolean configurationChanging, String clusterId) implements CborSerializable {

  /** One line, e.g. {@code node-2 127.0.0.1:2552 role=LEADER term=3 commitIndex=120 ...}. */
  public String line() {
    return nodeId + " " + address + " role=" + role + " term=" + term + " leader=" + (leaderId == null ? "-" : leaderId)
        + " commitIndex=" + commitIndex + " lastApplied=" + lastApplied + " lastLogIndex=" + lastLogIndex
        + " snapshotIndex=" + snapshotIndex;
  }
}
