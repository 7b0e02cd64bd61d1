package org.pekkoraft.protocol;

import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;

/**
 * What a node knows about its own health, the answer to {@link NodeProtocol.GetHealth}: enough to decide whether it
 * may serve (a leader known and this node caught up with it) without asking any other node. A recovering node
 * answers too, so that a long journal replay does not look like a dead process.
 *
 * @param recovering true while the node replays its journal; the other fields are then zero or null
 * @param role null while recovering
 * @param leaderId the leader this node knows of, or null
 * @param leaderEndpoint the leader's Artery endpoint ("host:port"), or null
 * @param leaderCommit the commit index of the leader, as it last told this node (a leader's own commit index)
 * @param leaderContactAgeMillis how long ago this node last heard from its leader (0 for the leader itself), or -1
 *     when it has not heard from the one it knows of since it started
 */
public record NodeHealth(NodeId nodeId, boolean recovering, Role role, long term, NodeId leaderId,
    String leaderEndpoint, long commitIndex, long lastApplied, long leaderCommit, long leaderContactAgeMillis)
    implements CborSerializable {

  /** The answer of a node that is still replaying its journal. */
  public static NodeHealth recovering(NodeId nodeId) {
    return new NodeHealth(nodeId, true, null, 0, null, null, 0, 0, 0, -1);
  }
}
