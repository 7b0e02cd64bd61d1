package org.pekkoraft.sim;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pekkoraft.core.NodeId;

/**
 * How the simulated network and disks behave right now: loss, duplication, delays and stalls, disk latency, and which
 * directed links are cut. The nemesis changes them as a run goes on; clients share their home node's links.
 */
final class NetworkConditions {

  double dropRate;
  double duplicateRate;
  int maxDelayMs = 5;
  /** Messages slowed by up to 60 ms more, so that later ones overtake them. */
  double slowRate;
  /** Messages held up for longer than an election (a stalled connection): stale answers arrive late. */
  double stallRate;
  int maxDiskDelayMs = 3;

  private final List<NodeId> nodes;
  /** Directed links that are cut: "from>to". */
  private final Set<String> cut = new HashSet<>();

  NetworkConditions(List<NodeId> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  boolean linked(NodeId from, NodeId to) {
    return !cut.contains(from + ">" + to);
  }

  /** Cuts every link between {@code side} and the other nodes, both ways. */
  void partition(Set<NodeId> side) {
    cut.clear();
    for (NodeId a : nodes) {
      for (NodeId b : nodes) {
        if (side.contains(a) != side.contains(b)) {
          cut.add(a + ">" + b);
        }
      }
    }
  }

  /** A bridge: {@code bridge} talks to everyone, the two halves only to the bridge. */
  void bridge(NodeId bridge, Set<NodeId> left) {
    cut.clear();
    for (NodeId a : nodes) {
      for (NodeId b : nodes) {
        boolean eitherBridge = a.equals(bridge) || b.equals(bridge);
        if (!eitherBridge && left.contains(a) != left.contains(b)) {
          cut.add(a + ">" + b);
        }
      }
    }
  }

  void heal() {
    cut.clear();
  }

  /** Back to a calm network: no cuts, no loss, no duplicates, no slow or stalled messages, quick disks. */
  void calm() {
    heal();
    dropRate = 0;
    duplicateRate = 0;
    slowRate = 0;
    stallRate = 0;
    maxDiskDelayMs = 3;
  }
}
