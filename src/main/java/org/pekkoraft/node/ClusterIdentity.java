package org.pekkoraft.node;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.PersistentState;

/**
 * Which cluster a node's data belongs to. Every node records a cluster id in its journal once: an initial member
 * when it bootstraps a new cluster (the id derives from the initial members and the cluster token, so the members
 * agree without talking), a joiner or a node whose data predates identities when it first hears from the cluster.
 * Messages carry the id, and a node drops those of another cluster.
 */
public final class ClusterIdentity {

  /** What a node does with its recovered state before it takes part in Raft. */
  sealed interface Decision {}

  /** The state names its cluster: use it. */
  record Known(String clusterId) implements Decision {}

  /** Bootstrap a new cluster: record this id before anything else. */
  record Bootstrap(String clusterId) implements Decision {}

  /** Adopt the id of the first cluster member that talks to this node (a joiner; data from before identities). */
  record Adopt() implements Decision {}

  /** Refuse to start, for {@code reason}. */
  record Refuse(String reason) implements Decision {}

  private ClusterIdentity() {}

  static Decision decide(RaftSettings settings, PersistentState recovered, String dataDescription) {
    if (recovered.clusterId() != null) {
      return new Known(recovered.clusterId());
    }
    if (settings.join() || !recovered.isEmpty()) {
      return new Adopt();
    }
    if (settings.initialClusterState() == InitialClusterState.NEW) {
      return new Bootstrap(derive(settings.initialClusterToken(), settings.members()));
    }
    return new Refuse(emptyMemberMessage(settings.nodeId(), dataDescription));
  }

  /** The one line a configured member with no data says when it refuses to start. */
  public static String emptyMemberMessage(NodeId node, String dataDescription) {
    return node + " has no data (" + dataDescription + ") but is an initial member of an existing cluster"
        + " (pekko-raft.initial-cluster-state = existing): its disk was lost or replaced, and an empty member could"
        + " vote twice or lose committed entries. Re-add it: remove it from the cluster (bin/raft remove-member),"
        + " then start it with --join and add it back (bin/raft add-member); it catches up as a learner. To"
        + " bootstrap a brand-new cluster instead, start every member with initial-cluster-state = new.";
  }

  /** The id of a new cluster of {@code members}: the same on every member, different for another token. */
  static String derive(String token, Map<NodeId, String> members) {
    StringBuilder text = new StringBuilder(token);
    for (Map.Entry<NodeId, String> m : new TreeMap<>(members).entrySet()) {
      text.append('\n').append(m.getKey()).append('=').append(m.getValue());
    }
    return UUID.nameUUIDFromBytes(text.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }
}
