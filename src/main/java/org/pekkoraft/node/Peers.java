package org.pekkoraft.node;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftMessage;
import org.slf4j.Logger;
import org.pekkoraft.protocol.NodeProtocol;

/**
 * Reaches peers by {@link NodeId}: the endpoint comes from the current configuration (which carries the addresses
 * of members added at run time) or else from the static members in settings, and becomes an actor reference by
 * path through {@link ActorRefResolver}: usable at once, without waiting for cluster membership. Also the link
 * filter that partition tests use to cut links, and the {@link LinkWatchdog} that replaces stalled connections.
 */
final class Peers {

  private final ActorRefResolver resolver;
  private final String systemName;
  private final RaftSettings settings;
  private final Map<String, ActorRef<NodeProtocol.Command>> refs = new HashMap<>();
  /** Endpoints learned from the messages of peers this node accepted but could not place otherwise. */
  private final Map<NodeId, String> learned = new HashMap<>();
  private final String ownEndpoint;
  private Set<NodeId> blocked = Set.of();
  private final LinkWatchdog watchdog;
  private final String peerToken;

  Peers(ActorSystem<?> system, RaftSettings settings, Logger log) {
    this.resolver = ActorRefResolver.get(system);
    this.systemName = system.name();
    this.settings = settings;
    this.peerToken = settings.security().peerToken();
    this.ownEndpoint = system.address().getHost().orElse("?") + ":" + system.address().getPort().orElse(0);
    long silent = settings.reconnectSilentPeerAfter().toNanos();
    ArteryOutbound outbound = silent > 0 ? ArteryOutbound.of(system, log) : null;
    this.watchdog = new LinkWatchdog(outbound == null ? null : outbound::restart, systemName, silent, log);
  }

  /**
   * Opens the connections to the static members while this node still recovers its journal: an actor selection's
   * {@link Identify} makes Artery connect (and run the TLS handshake) at once, so that the first vote request
   * does not wait for it. The answers go nowhere. Artery keeps retrying a member that is not up yet.
   */
  static void connect(ActorSystem<?> system, RaftSettings settings) {
    String own = system.address().getHost().orElse("?") + ":" + system.address().getPort().orElse(0);
    settings.members().forEach((id, endpoint) -> {
      if (!endpoint.equals(own) && !id.equals(settings.nodeId())) {
        open(system, settings, endpoint);
      }
    });
  }

  /** Makes Artery connect to the node at {@code endpoint} now: see {@link #connect}. */
  static void open(ActorSystem<?> system, RaftSettings settings, String endpoint) {
    Adapter.toClassic(system)
        .actorSelection("pekko://" + system.name() + "@" + endpoint + "/user/" + settings.actorName())
        .tell(new Identify(endpoint), Adapter.toClassic(system.ignoreRef()));
  }

  /** This node's own endpoint ("host:port"), as it stamps it on its messages. */
  String ownEndpoint() {
    return ownEndpoint;
  }

  /** The endpoint ("host:port") of {@code id}: from the configuration, the settings, or learned; else null. */
  String endpoint(NodeId id, Configuration configuration) {
    String endpoint = configuration.endpoints().get(id);
    if (endpoint == null) {
      endpoint = settings.members().get(id);
    }
    return endpoint != null ? endpoint : learned.get(id);
  }

  /** Remembers where {@code id} said it can be reached, for a peer accepted without a known endpoint. */
  void learn(NodeId id, String endpoint, Configuration configuration) {
    if (endpoint != null && configuration.endpoints().get(id) == null && settings.members().get(id) == null) {
      learned.put(id, endpoint);
    }
  }

  boolean known(NodeId id, Configuration configuration) {
    return endpoint(id, configuration) != null;
  }

  /**
   * Sends {@code message} to {@code to}, stamped with this node's endpoint, its cluster (null if none yet) and the
   * peer secret that shows it is a node's.
   */
  void send(NodeId to, RaftMessage message, Configuration configuration, String clusterId) {
    if (blocked.contains(to)) {
      return;
    }
    String endpoint = endpoint(to, configuration);
    ActorRef<NodeProtocol.Command> ref = ref(endpoint);
    if (ref != null) {
      ref.tell(new NodeProtocol.PeerMessage(message, ownEndpoint, clusterId, peerToken));
      watchdog.sent(endpoint);
    }
  }

  /** A message from {@code from} arrived: the link from it works. */
  void heard(NodeId from, Configuration configuration) {
    watchdog.heard(endpoint(from, configuration));
  }

  /** Called every tick: replaces stalled connections to peers (see {@link LinkWatchdog}). */
  void checkLinks() {
    watchdog.check(endpoint -> {
      ActorRef<NodeProtocol.Command> ref = ref(endpoint);
      if (ref != null) {
        ref.tell(new NodeProtocol.LinkStalled(ownEndpoint, peerToken));
      }
    });
  }

  /** The peer at {@code m.senderEndpoint()} does not hear us: replace our connection to it. */
  void onLinkStalled(NodeProtocol.LinkStalled m) {
    if (m.senderEndpoint() != null && refs.containsKey(m.senderEndpoint())) {
      watchdog.onStalledNotice(m.senderEndpoint());
    }
  }

  /** True unless the link filter cuts us off from {@code from}. */
  boolean accepts(NodeId from) {
    return !blocked.contains(from);
  }

  void block(Set<NodeId> nodes) {
    blocked = Set.copyOf(nodes);
  }

  private ActorRef<NodeProtocol.Command> ref(String endpoint) {
    if (endpoint == null) {
      return null;
    }
    return refs.computeIfAbsent(endpoint, e -> resolver.resolveActorRef(
        "pekko://" + systemName + "@" + e + "/user/" + settings.actorName()));
  }
}
