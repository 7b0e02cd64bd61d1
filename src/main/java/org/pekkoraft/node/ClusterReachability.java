package org.pekkoraft.node;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.pekkoraft.protocol.NodeProtocol;

/**
 * Which Raft peers Pekko Cluster's failure detector watches and finds reachable, by endpoint ("host:port"): a member
 * that is Up (or WeaklyUp) and not reported unreachable. A member that left, exited, was downed or removed, or is
 * unreachable, is not. Several incarnations may share an endpoint after a restart (the old one not yet removed):
 * the endpoint is reachable while any of them is. Quiescence relies on these reports, so a node whose ActorSystem is
 * not a cluster member (or not a cluster provider at all) reports nobody reachable and never quiesces.
 */
final class ClusterReachability {

  /** A cluster event for the node's mailbox. */
  record Changed(ClusterEvent.ClusterDomainEvent event) implements NodeProtocol.Command {}

  private record State(boolean up, boolean reachable) {}

  private final Map<UniqueAddress, State> members = new HashMap<>();

  /** Subscribes the node to member and reachability events, with the current state first, as events. */
  static void subscribe(ActorContext<NodeProtocol.Command> ctx) {
    if (!"cluster".equals(ctx.getSystem().settings().config().getString("pekko.actor.provider"))) {
      return;
    }
    ActorRef<ClusterEvent.MemberEvent> members = ctx.messageAdapter(ClusterEvent.MemberEvent.class, Changed::new);
    ActorRef<ClusterEvent.ReachabilityEvent> reachability = ctx.messageAdapter(
        ClusterEvent.ReachabilityEvent.class, Changed::new);
    Cluster cluster = Cluster.get(ctx.getSystem());
    cluster.subscriptions().tell(Subscribe.create(members, ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(Subscribe.create(reachability, ClusterEvent.ReachabilityEvent.class));
  }

  /** Takes one event in. */
  void on(ClusterEvent.ClusterDomainEvent event) {
    if (event instanceof ClusterEvent.MemberUp e) {
      update(e.member(), true, null);
    } else if (event instanceof ClusterEvent.MemberWeaklyUp e) {
      update(e.member(), true, null);
    } else if (event instanceof ClusterEvent.MemberLeft e) {
      update(e.member(), false, null);
    } else if (event instanceof ClusterEvent.MemberExited e) {
      update(e.member(), false, null);
    } else if (event instanceof ClusterEvent.MemberDowned e) {
      update(e.member(), false, null);
    } else if (event instanceof ClusterEvent.MemberRemoved e) {
      members.remove(e.member().uniqueAddress());
    } else if (event instanceof ClusterEvent.UnreachableMember e) {
      update(e.member(), null, false);
    } else if (event instanceof ClusterEvent.ReachableMember e) {
      update(e.member(), null, true);
    }
  }

  /** The endpoints of members that are up and reachable now. */
  Set<String> reachableEndpoints() {
    Set<String> endpoints = new HashSet<>();
    members.forEach((address, state) -> {
      if (state.up() && state.reachable()) {
        endpoints.add(endpoint(address.address()));
      }
    });
    return endpoints;
  }

  private void update(Member member, Boolean up, Boolean reachable) {
    State old = members.getOrDefault(member.uniqueAddress(), new State(false, true));
    members.put(member.uniqueAddress(), new State(up == null ? old.up() : up,
        reachable == null ? old.reachable() : reachable));
  }

  private static String endpoint(Address address) {
    return address.getHost().orElse("?") + ":" + address.getPort().orElse(0);
  }
}
