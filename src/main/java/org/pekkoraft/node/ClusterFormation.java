package org.pekkoraft.node;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.Logger;

/**
 * Forms the Pekko Cluster when no one else will. Every node lists itself last among its seed nodes (so that a
 * restarted node rejoins instead of forming an island), and Pekko lets only the node at the head of its own seed
 * list form the first cluster; so on a fresh start nobody would. Raft already elects exactly one leader per term:
 * a leader that has led for longer than it takes to join an existing cluster, and is still not a member, joins
 * itself, and the others join it through their seed lists. Raft itself never waits for cluster membership.
 */
final class ClusterFormation {

  /** A restarted node finds a running cluster within about a second (its first InitJoin is answered at once). */
  static final Duration GRACE = Duration.ofSeconds(3);

  private final ActorSystem<?> system;
  private final Logger log;
  private final boolean enabled;
  private long leaderSince = -1;
  private boolean joined;

  ClusterFormation(ActorSystem<?> system, Logger log) {
    this.system = system;
    this.log = log;
    this.enabled = "cluster".equals(system.settings().config().getString("pekko.actor.provider"));
  }

  /** Called regularly with whether this node currently leads. */
  void check(boolean leading, long nowNanos) {
    if (!enabled || joined) {
      return;
    }
    if (!leading) {
      leaderSince = -1;
      return;
    }
    if (leaderSince < 0) {
      leaderSince = nowNanos;
      return;
    }
    if (nowNanos - leaderSince < GRACE.toNanos()) {
      return;
    }
    Cluster cluster = Cluster.get(system);
    if (cluster.selfMember().status() != MemberStatus.removed()) {
      joined = true;
      return;
    }
    log.info("No Pekko Cluster found after leading for {} s: forming it at {}", GRACE.toSeconds(),
        cluster.selfMember().address());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    joined = true;
  }
}
