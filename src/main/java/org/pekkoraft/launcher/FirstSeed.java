package org.pekkoraft.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.pekkoraft.core.NodeId;

/**
 * Which node forms the Pekko Cluster of a brand-new cluster at once. Every node lists itself last among its seed
 * nodes (a restarted node must rejoin, not form an island), so on a fresh start nobody would form it until the Raft
 * leader does (org.pekkoraft.node.ClusterFormation); meanwhile every node's join fails once a second, each failure a
 * "Couldn't join seed nodes" warning, for as long as the JVMs take to start and recover (5-15 per node on a loaded
 * machine). A node that bootstraps (initial-cluster-state = new, empty data directory) has no earlier incarnation in
 * any cluster, so the first of the initial members by id may put itself at the head of its seed nodes: Pekko then
 * asks the other seed nodes first, joins the cluster of any that is in one, and forms a new one otherwise, within
 * {@code seed-node-timeout} of its start. The others keep their order and join it.
 */
final class FirstSeed {

  private FirstSeed() {}

  /** True when {@code self} is the first of {@code members} by id: the one node that forms a new cluster. */
  static boolean formsNewCluster(NodeId self, Map<NodeId, String> members) {
    return members.containsKey(self)
        && members.keySet().stream().map(NodeId::value).sorted().findFirst().orElseThrow().equals(self.value());
  }

  /**
   * {@code seeds} with the one at {@code endpoint} ("host:port") moved to the head; unchanged if none is there (a
   * node with no seed nodes joins by other means).
   */
  static List<String> selfFirst(List<String> seeds, String endpoint) {
    List<String> reordered = new ArrayList<>(seeds.size());
    for (String seed : seeds) {
      if (endpoint.equals(endpointOf(seed))) {
        reordered.add(0, seed);
      } else {
        reordered.add(seed);
      }
    }
    return reordered;
  }

  private static String endpointOf(String seed) {
    Address address = AddressFromURIString.parse(seed);
    return address.getHost().orElse("") + ":" + address.getPort().orElse(0);
  }
}
