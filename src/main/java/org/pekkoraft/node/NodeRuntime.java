package org.pekkoraft.node;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.PersistentState;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.Ready;
import org.pekkoraft.core.Role;
import org.pekkoraft.journal.RaftJournal;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeHealth;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.server.Io;
import org.pekkoraft.server.Replica;
import org.pekkoraft.statemachine.StateMachine;

/**
 * The Pekko host of one {@link Replica}: writes go to the journal child, messages to peers over Artery, flushes to
 * the actor's own mailbox. It also keeps the transport's concerns (which senders are accepted, the test link filter)
 * and forms the Pekko Cluster when nobody else will. Holds no Raft rule and no driver logic.
 */
final class NodeRuntime implements Io {

  private static final long FOREIGN_LOG_INTERVAL_NANOS = 60_000_000_000L;
  /**
   * How often a quiescent node still ticks: only for its own upkeep (metrics, link and cluster-formation checks);
   * its Raft core is not ticked at all. Any input that wakes the core restores the configured tick interval.
   */
  static final Duration QUIESCENT_TICK = Duration.ofSeconds(1);

  private final ActorContext<NodeProtocol.Command> ctx;
  private final RaftSettings settings;
  private final Peers peers;
  private final ActorRef<RaftJournal.Command> journal;
  private final ActorRef<RaftJournal.Reply> journalReplies;
  private final Set<NodeId> loggedUnknown = new HashSet<>();
  private final RejectionLog rejections = new RejectionLog();
  /** When each sender of another cluster was last logged, to log it once a minute. */
  private final Map<NodeId, Long> loggedForeign = new HashMap<>();
  private final ClusterFormation clusterFormation;
  private final Replica replica;
  private final Executor snapshotWriter;
  private final MetricsReporter metrics;
  private final LeaderContact leaderContact = new LeaderContact();
  private final ConnectionWarmer warmer;
  private final TimerScheduler<NodeProtocol.Command> timers;
  private final ClusterReachability clusterReachability = new ClusterReachability();
  /** What the core was last told about each peer's reachability; a peer never reported counts as unreachable. */
  private final Map<NodeId, Boolean> reachabilityReported = new HashMap<>();
  private boolean tickingSlowly;

  NodeRuntime(ActorContext<NodeProtocol.Command> ctx, RaftSettings settings, PersistentState recovered,
      StateMachine<?, ?> machine, ActorRef<RaftJournal.Command> journal, ActorRef<RaftJournal.Reply> journalReplies,
      RaftMetrics metrics, TimerScheduler<NodeProtocol.Command> timers) {
    this.ctx = ctx;
    this.timers = timers;
    this.metrics = new MetricsReporter(metrics);
    this.settings = settings;
    this.journal = journal;
    this.journalReplies = journalReplies;
    this.peers = new Peers(ctx.getSystem(), settings, ctx.getLog());
    this.snapshotWriter = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    this.replica = Replica.recover(settings.replicaOptions(), recovered, machine, new SplittableRandom(), this);
    this.clusterFormation = new ClusterFormation(ctx.getSystem(), ctx.getLog(), this::knownEndpoints);
    this.warmer = new ConnectionWarmer(peers.ownEndpoint(), settings.members().values(),
        endpoint -> Peers.open(ctx.getSystem(), settings, endpoint));
  }

  /**
   * After each input: opens the connection to a member the configuration just added (see ConnectionWarmer), and
   * ticks slowly while the core is quiescent.
   */
  void afterInput() {
    warmer.configuration(replica.raft().configuration());
    adjustTicker();
  }

  Replica replica() {
    return replica;
  }

  /** This node bootstraps a new cluster: see {@link ClusterFormation#bootstrapping()}. */
  void bootstrapping() {
    clusterFormation.bootstrapping();
  }

  ActorContext<NodeProtocol.Command> context() {
    return ctx;
  }

  RaftSettings settings() {
    return settings;
  }

  MetricsReporter metrics() {
    return metrics;
  }

  /** This node's health as it sees it: its leader, and how far it is behind what that leader last told it. */
  NodeHealth health() {
    NodeId leader = replica.raft().leaderId();
    return leaderContact.health(replica, leader == null ? null : endpoint(leader), System.nanoTime());
  }

  // ---------------------------------------------------------------- inputs

  void onPeerMessage(NodeProtocol.PeerMessage envelope) {
    RaftMessage message = envelope.message();
    NodeId from = message.from();
    if (!authentic(envelope) || !peers.accepts(from) || !sameCluster(envelope)) {
      return;
    }
    peers.heard(from, replica.raft().configuration());
    if (!peers.known(from, replica.raft().configuration())) {
      if (!replica.raft().configuration().isEmpty()) {
        if (loggedUnknown.add(from)) {
          ctx.getLog().warn("Ignoring messages from {}: it is not in the configuration ({})", from,
              replica.raft().configuration());
        }
        return;
      }
      // A node that joins with an empty configuration answers whoever leads: it learns where from here.
      peers.learn(from, envelope.senderEndpoint(), replica.raft().configuration());
    }
    replica.receive(message);
    leaderContact.received(message, replica.raft().leaderId(), System.nanoTime());
  }

  /**
   * True when the message is a node's and comes from where its claimed sender lives: it carries the peer secret
   * (which only node credentials hold; over mutual TLS nobody else sees it), and the endpoint it gives is the one
   * this node knows for the member id it claims. Artery tells an actor nothing about the connection a message came
   * on, so the secret is what tells a node from a client of the same CA; the endpoint check keeps a misconfigured
   * or confused node from speaking for another member. Replies always go to the configured endpoint, never to the
   * one a message gives.
   */
  private boolean authentic(NodeProtocol.PeerMessage envelope) {
    NodeId from = envelope.message().from();
    if (!settings.security().acceptsPeer(envelope.peerToken())) {
      reject(from + " at " + envelope.senderEndpoint(), "a " + envelope.message().getClass().getSimpleName(),
          "it lacks this cluster's peer secret: the sender is not one of its nodes");
      return false;
    }
    String configured = peers.endpoint(from, replica.raft().configuration());
    if (configured != null && !configured.equals(envelope.senderEndpoint())) {
      reject(from + " at " + envelope.senderEndpoint(), "a " + envelope.message().getClass().getSimpleName(),
          from + " is at " + configured);
      return false;
    }
    return true;
  }

  /** Carries out an admin request only with the admin secret; otherwise answers Rejected. */
  boolean admits(NodeProtocol.AdminRequest request) {
    if (settings.security().acceptsAdmin(request.adminToken())) {
      return true;
    }
    reject(String.valueOf(request.replyTo().path().address()), String.valueOf(request),
        "it lacks the admin secret");
    metrics.reply(RaftMetrics.Request.ADMIN, request.replyTo()).tell(new ClientResponse.Rejected("membership changes and leadership transfers need the"
        + " cluster's admin credential (an admin directory from bin/raft certs)"));
    return false;
  }

  private void reject(String sender, String what, String why) {
    if (rejections.shouldLog(sender, System.nanoTime())) {
      ctx.getLog().warn("Rejected {} from {}: {} (logged once a minute per sender)", what, sender, why);
    }
  }

  /** Logs, at start and every few minutes, that this node accepts messages from anybody who can reach it. */
  void warnIfInsecure() {
    if (!settings.security().tls()) {
      ctx.getLog().warn("INSECURE: pekko-raft.security.mode = plaintext-insecure: Artery runs plain TCP, so anyone"
          + " who can reach {} can read its traffic{}. Use mode = tls in production (docs/security.md).",
          peers.ownEndpoint(), settings.security().peerSecret() == null
              ? ", write keys, change membership and forge Raft messages"
              : " and replay what it saw");
    }
  }

  /**
   * True when the sender belongs to this node's cluster. A node without an identity yet (a joiner, or data written
   * before identities) adopts the first one it hears, durably, before it handles the message.
   */
  private boolean sameCluster(NodeProtocol.PeerMessage envelope) {
    String own = replica.raft().clusterId();
    String theirs = envelope.clusterId();
    if (own == null) {
      if (theirs != null) {
        ctx.getLog().info("{} joins cluster {} (first heard from {} at {})", settings.nodeId(), theirs,
            envelope.message().from(), envelope.senderEndpoint());
        replica.identify(theirs);
      }
      return true;
    }
    if (own.equals(theirs)) {
      return true;
    }
    NodeId from = envelope.message().from();
    long now = System.nanoTime();
    Long last = loggedForeign.get(from);
    if (last == null || now - last > FOREIGN_LOG_INTERVAL_NANOS) {
      loggedForeign.put(from, now);
      ctx.getLog().error("Dropping messages from {} at {}: it belongs to cluster {}, this node's data to cluster {}"
          + " (a data directory of another cluster, or a node of another cluster at a member's address)", from,
          envelope.senderEndpoint(), theirs == null ? "(none yet)" : theirs, own);
    }
    return false;
  }

  void onTick() {
    if (!replica.quiescent()) {
      replica.tick();
    }
    syncReachability();
    metrics.tick(replica.raft(), replica.lastApplied());
    peers.checkLinks();
    clusterFormation.check(replica.role() == Role.LEADER, System.nanoTime());
  }

  void onLinkStalled(NodeProtocol.LinkStalled notice) {
    if (!settings.security().acceptsPeer(notice.peerToken())) {
      reject(String.valueOf(notice.senderEndpoint()), "a link-stalled notice", "it lacks this cluster's peer secret");
      return;
    }
    peers.onLinkStalled(notice);
  }

  void setLinkFilter(NodeProtocol.SetLinkFilter filter) {
    if (!settings.allowLinkFilter()) {
      filter.replyTo().tell(new ClientResponse.Rejected("the link filter is disabled (pekko-raft.allow-link-filter)"));
      return;
    }
    peers.block(filter.blocked());
    syncReachability();
    adjustTicker();
    ctx.getLog().info("Link filter now blocks {}", filter.blocked());
    filter.replyTo().tell(new ClientResponse.Done("blocking " + filter.blocked()));
  }

  /** A Pekko Cluster member or reachability event. */
  void onClusterEvent(ClusterEvent.ClusterDomainEvent event) {
    clusterReachability.on(event);
    syncReachability();
  }

  /**
   * Tells the core of every change in its peers' reachability: a peer is reachable when Pekko Cluster has it up and
   * reachable at the peer's endpoint and the test link filter does not cut it off (a cut link is what a partition
   * looks like to the failure detector). Run on cluster events, link filter changes and ticks (the configuration,
   * and with it the endpoints, may have changed).
   */
  private void syncReachability() {
    Set<String> endpoints = clusterReachability.reachableEndpoints();
    Set<NodeId> ids = new HashSet<>(settings.members().keySet());
    ids.addAll(replica.raft().configuration().members());
    ids.addAll(reachabilityReported.keySet());
    ids.remove(settings.nodeId());
    for (NodeId id : ids) {
      String endpoint = endpoint(id);
      boolean reachable = endpoint != null && endpoints.contains(endpoint) && peers.accepts(id);
      if (reachable != reachabilityReported.getOrDefault(id, false)) {
        reachabilityReported.put(id, reachable);
        replica.reachability(id, reachable);
      }
    }
  }

  /**
   * After each input: a quiescent core needs no ticks, so the node ticks only every {@link #QUIESCENT_TICK} for its
   * own upkeep until something wakes the core.
   */
  void adjustTicker() {
    boolean quiescent = replica.quiescent();
    if (quiescent != tickingSlowly) {
      tickingSlowly = quiescent;
      timers.startTimerAtFixedRate(NodeBehaviors.Tick.INSTANCE, quiescent ? QUIESCENT_TICK : settings.tickInterval());
    }
  }

  // ---------------------------------------------------------------- Io

  @Override
  public void write(Ready.Write write) {
    metrics.writeStarted(write.id(), write.events().size());
    journal.tell(new RaftJournal.Persist(write.id(), write.events(), journalReplies));
  }

  @Override
  public void send(NodeId to, RaftMessage message) {
    peers.send(to, message, replica.raft().configuration(), replica.raft().clusterId());
  }

  @Override
  public void scheduleFlush() {
    ctx.getSelf().tell(NodeBehaviors.Flush.INSTANCE);
  }

  /** On Pekko's blocking-I/O pool, so that the node goes on answering while it sorts and encodes the state. */
  @Override
  public void writeSnapshot(long index, Supplier<byte[]> data) {
    ActorRef<NodeProtocol.Command> self = ctx.getSelf();
    CompletableFuture.supplyAsync(data, snapshotWriter).whenComplete((bytes, error) ->
        self.tell(new NodeBehaviors.SnapshotWritten(index, bytes, error)));
  }

  /** Reports the snapshot's size; the replica restored it from the core's latest snapshot, which it is. */
  @Override
  public void snapshotRestored(long lastIncludedIndex) {
    var snapshot = replica.raft().snapshot();
    if (snapshot.lastIncludedIndex() == lastIncludedIndex) {
      metrics.metrics().snapshotInstalled(snapshot.data().length);
    }
  }

  @Override
  public long currentTimeMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public String endpoint(NodeId node) {
    return peers.endpoint(node, replica.raft().configuration());
  }

  /** Every node's endpoint this node knows: the static members and those added to the configuration since. */
  private Collection<String> knownEndpoints() {
    Set<String> endpoints = new LinkedHashSet<>(settings.members().values());
    endpoints.addAll(replica.raft().configuration().endpoints().values());
    return endpoints;
  }
}
