package org.pekkoraft.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.slf4j.Logger;

/**
 * Forms the Pekko Cluster when no one else will. Every node lists itself last among its seed nodes (so that a
 * restarted node rejoins instead of forming an island), and Pekko lets only the node at the head of its own seed
 * list form the first cluster; so on a fresh start nobody would. Raft already elects exactly one leader per term:
 * a leader that has led for longer than it takes to join an existing cluster, and is still not a member, restarts
 * its join with itself at the head of its seed nodes. Pekko then asks the others first: it joins the cluster of any
 * that is a member of one, and forms a new cluster only if none is. Raft itself never waits for cluster membership.
 *
 * <p>Joining itself outright would be wrong: a node restarted after a crash waits up to
 * {@code retry-unsuccessful-join-after} (10 s) for its join, while the cluster removes its previous incarnation;
 * if it wins an election meanwhile, it would form a second cluster next to the running one.
 */
final class ClusterFormation {

  /** A restarted node finds a running cluster within about a second (its first InitJoin is answered at once). */
  static final Duration GRACE = Duration.ofSeconds(3);

  private final ActorSystem<?> system;
  private final Logger log;
  private final Supplier<Collection<String>> peers;
  private final boolean enabled;
  private Duration grace = GRACE;
  private long leaderSince = -1;
  private boolean joined;

  /** @param peers the "host:port" endpoints of the other Raft members (this node's own is ignored) */
  ClusterFormation(ActorSystem<?> system, Logger log, Supplier<Collection<String>> peers) {
    this.system = system;
    this.log = log;
    this.peers = peers;
    this.enabled = "cluster".equals(system.settings().config().getString("pekko.actor.provider"));
  }

  /**
   * This node bootstraps a brand-new cluster (initial-cluster-state = new, no data): no earlier incarnation of it
   * can be in a Pekko Cluster, so once it leads it forms or joins at once, without waiting {@link #GRACE}, and the
   * other members' joins stop failing (each failed attempt is a warning in their logs) a few seconds sooner.
   */
  void bootstrapping() {
    grace = Duration.ZERO;
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
    }
    if (nowNanos - leaderSince < grace.toNanos()) {
      return;
    }
    Cluster cluster = Cluster.get(system);
    if (cluster.selfMember().status() != MemberStatus.removed()) {
      joined = true;
      return;
    }
    List<Address> seeds = seeds(cluster.selfMember().address());
    log.info("Not a Pekko Cluster member after leading for {} ms: joining the cluster of {} if one runs, else"
        + " forming it at {}", grace.toMillis(), seeds.subList(1, seeds.size()), seeds.get(0));
    cluster.manager().tell(new JoinSeedNodes(seeds));
    joined = true;
  }

  /** This node first (so that Pekko may form a cluster here), then every other node it knows of. */
  private List<Address> seeds(Address self) {
    List<Address> seeds = new ArrayList<>();
    seeds.add(self);
    for (String endpoint : peers.get()) {
      int colon = endpoint.lastIndexOf(':');
      add(seeds, new Address(self.protocol(), self.system(), endpoint.substring(0, colon),
          Integer.parseInt(endpoint.substring(colon + 1))));
    }
    for (String configured : system.settings().config().getStringList("pekko.cluster.seed-nodes")) {
      add(seeds, AddressFromURIString.parse(configured));
    }
    return seeds;
  }

  private static void add(List<Address> seeds, Address address) {
    if (!seeds.contains(address)) {
      seeds.add(address);
    }
  }
}
