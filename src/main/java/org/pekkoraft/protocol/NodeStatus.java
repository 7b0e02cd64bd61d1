package org.pekkoraft.protocol;

import java.util.Map;
import java.util.Set;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.CborSerializable;

/**
 * A node's view of itself and of the cluster, for {@code bin/raft status}, the HTTP API and tests.
 *
 * @param endpoints the Artery endpoint ("host:port") this node knows for each member of its configuration ("?" when
 *     it knows none); empty in answers of nodes older than this field
 * @param quiescent the core is quiescent ({@code pekko-raft.quiesce}): neither heartbeats nor election timer run
 *     until an input wakes it; false in answers of nodes older than this field (Jackson reads a missing boolean as
 *     false)
 */
public record NodeStatus(NodeId nodeId, String address, Role role, long term, NodeId votedFor, NodeId leaderId,
    long commitIndex, long lastApplied, long lastLogIndex, long lastLogTerm, long snapshotIndex, Set<NodeId> voters,
    Set<NodeId> learners, boolean configurationChanging, String clusterId, Map<NodeId, String> endpoints,
    boolean quiescent)
    implements CborSerializable {

  public NodeStatus {
    endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
  }

  /** One line, e.g. {@code node-2 127.0.0.1:2552 role=LEADER term=3 commitIndex=120 ...}. */
  public String line() {
    return nodeId + " " + address + " role=" + role + " term=" + term + " leader=" + (leaderId == null ? "-" : leaderId)
        + " commitIndex=" + commitIndex + " lastApplied=" + lastApplied + " lastLogIndex=" + lastLogIndex
        + " snapshotIndex=" + snapshotIndex;
  }
}
