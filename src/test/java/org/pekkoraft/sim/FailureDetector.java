package org.pekkoraft.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.pekkoraft.core.NodeId;

/**
 * The simulated Pekko Cluster failure detector, which quiescence relies on. Every {@link #ROUND_MS} each running
 * node compares what it was last told about every other node with the truth: that node up, not paused, and the links
 * both ways uncut (so partitions, crashes and pauses all count). A difference is reported with probability 1/3 per
 * round, so each node learns of a fault on its own, a random 100 ms to a second or more after it, as a phi-accrual
 * detector would: a flap does not reach every node at once. A restarted node starts knowing nothing, as a new
 * ActorSystem does. It draws from a random source of its own, so that the main source's draws, and with them runs
 * without quiescence, are as they were before it existed.
 */
final class FailureDetector {

  static final long ROUND_MS = 100;

  private final SimCluster cluster;
  private final SplittableRandom random;
  /** Per observer: the peers it was last told are reachable, and the incarnation that was told. */
  private final Map<NodeId, Set<NodeId>> believed = new HashMap<>();
  private final Map<NodeId, Integer> incarnations = new HashMap<>();

  FailureDetector(SimCluster cluster, long seed) {
    this.cluster = cluster;
    this.random = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
  }

  void start() {
    cluster.at(ROUND_MS, this::round);
  }

  private void round() {
    for (SimNode observer : cluster.nodes) {
      if (!observer.up || cluster.now() < observer.pausedUntil) {
        continue;
      }
      Integer seen = incarnations.get(observer.id);
      if (seen == null || seen != observer.incarnation) {
        incarnations.put(observer.id, observer.incarnation);
        believed.put(observer.id, new HashSet<>());
      }
      Set<NodeId> reachable = believed.get(observer.id);
      for (SimNode peer : cluster.nodes) {
        if (peer == observer) {
          continue;
        }
        boolean truth = reachable(observer, peer);
        if (truth != reachable.contains(peer.id) && random.nextInt(3) == 0) {
          report(observer, peer.id, truth);
          if (truth) {
            reachable.add(peer.id);
          } else {
            reachable.remove(peer.id);
          }
        }
      }
    }
    cluster.at(ROUND_MS, this::round);
  }

  private boolean reachable(SimNode observer, SimNode peer) {
    return peer.up && cluster.now() >= peer.pausedUntil && cluster.conditions.linked(observer.id, peer.id)
        && cluster.conditions.linked(peer.id, observer.id);
  }

  private void report(SimNode observer, NodeId peer, boolean reachable) {
    cluster.coverage.reachabilityReports++;
    boolean quiescentBefore = observer.raft().quiescent();
    cluster.step(observer, r -> r.reachability(peer, reachable));
    if (quiescentBefore && !observer.raft().quiescent()) {
      cluster.coverage.wokeByDetector++;
    }
  }
}
