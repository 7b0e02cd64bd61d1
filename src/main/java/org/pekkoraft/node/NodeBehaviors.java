package org.pekkoraft.node;

import static org.pekkoraft.node.RaftMetrics.Request.ADMIN;
import static org.pekkoraft.node.RaftMetrics.Request.READ;
import static org.pekkoraft.node.RaftMetrics.Request.SESSION;
import static org.pekkoraft.node.RaftMetrics.Request.WRITE;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pekkoraft.core.Raft;
import org.pekkoraft.core.Role;
import org.pekkoraft.journal.RaftJournal;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeHealth;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.server.ReplyTo;
import org.pekkoraft.statemachine.StateMachine;

/**
 * The node's behaviors: recovering (journal replay, everything else stashed), then follower, candidate and leader.
 * Each role differs only in what it does with client and operator requests; every input goes to the shared driver
 * ({@link org.pekkoraft.server.Replica}) through {@link NodeRuntime}, and after each message the behavior of the
 * core's current role is chosen.
 */
final class NodeBehaviors {

  private NodeBehaviors() {}

  enum Tick implements NodeProtocol.Command { INSTANCE }

  enum Flush implements NodeProtocol.Command { INSTANCE }

  /** A state machine snapshot written off the node's thread: its bytes, or why it failed. */
  record SnapshotWritten(long index, byte[] data, Throwable error) implements NodeProtocol.Command {}

  record FromJournal(RaftJournal.Reply reply) implements NodeProtocol.Command {}

  enum JournalStopped implements NodeProtocol.Command { INSTANCE }

  /** Timer: repeat the plaintext warning (see NodeRuntime#warnIfInsecure). */
  enum InsecureWarning implements NodeProtocol.Command { INSTANCE }

  static final java.time.Duration INSECURE_WARNING_EVERY = java.time.Duration.ofMinutes(5);

  /** Messages kept while the journal recovers; beyond it requests are refused (a restarting node is no leader). */
  static final int STASH_CAPACITY = 100_000;

  static <C, R> Behavior<NodeProtocol.Command> create(RaftSettings settings, StateMachine<C, R> machine,
      RaftMetrics metrics) {
    return create(settings, machine, STASH_CAPACITY, metrics);
  }

  static <C, R> Behavior<NodeProtocol.Command> create(RaftSettings settings, StateMachine<C, R> machine,
      int stashCapacity) {
    return create(settings, machine, stashCapacity, RaftMetrics.NONE);
  }

  static <C, R> Behavior<NodeProtocol.Command> create(RaftSettings settings, StateMachine<C, R> machine,
      int stashCapacity, RaftMetrics metrics) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(stashCapacity, stash -> {
      if (settings.dataDir().isPresent()) {
        try {
          ctx.spawn(DataDirLock.acquire(settings.dataDir().get()).holder(), "data-dir-lock");
        } catch (DataDirLock.HeldElsewhere e) {
          ctx.getLog().error("Raft node {} refuses to start: {}", settings.nodeId(), e.getMessage());
          return Behaviors.stopped();
        }
      }
      ActorRef<RaftJournal.Reply> replies = ctx.messageAdapter(RaftJournal.Reply.class, FromJournal::new);
      org.apache.pekko.actor.Props journalProps = RaftJournal.props("raft-" + settings.nodeId(),
          settings.journalPlugins(), replies);
      journalProps = settings.journalDispatcher().map(journalProps::withDispatcher).orElse(journalProps);
      ActorRef<RaftJournal.Command> journal = Adapter.toTyped(Adapter.actorOf(ctx, journalProps, "journal"));
      ctx.watchWith(journal, JournalStopped.INSTANCE);
      ctx.getLog().info("Raft node {} recovering its journal", settings.nodeId());
      Peers.connect(ctx.getSystem(), settings);
      ClusterReachability.subscribe(ctx);
      return recovering(ctx, timers, stash, settings, machine, journal, replies, metrics);
    })));
  }

  private static <C, R> Behavior<NodeProtocol.Command> recovering(ActorContext<NodeProtocol.Command> ctx,
      TimerScheduler<NodeProtocol.Command> timers, StashBuffer<NodeProtocol.Command> stash, RaftSettings settings,
      StateMachine<C, R> machine, ActorRef<RaftJournal.Command> journal, ActorRef<RaftJournal.Reply> replies,
      RaftMetrics metrics) {
    return Behaviors.receive(NodeProtocol.Command.class)
        .onMessage(FromJournal.class, m -> {
          if (!(m.reply() instanceof RaftJournal.Recovered recovered)) {
            throw new IllegalStateException("journal replied before recovery: " + m.reply());
          }
          ClusterIdentity.Decision identity = ClusterIdentity.decide(settings, recovered.state(),
              "its journal, persistence id raft-" + settings.nodeId() + ", is empty");
          if (identity instanceof ClusterIdentity.Refuse refuse) {
            ctx.getLog().error("Raft node {} refuses to start: {}", settings.nodeId(), refuse.reason());
            return Behaviors.stopped();
          }
          NodeRuntime runtime = new NodeRuntime(ctx, settings, recovered.state(), machine, journal, replies,
              metrics, timers);
          if (identity instanceof ClusterIdentity.Bootstrap bootstrap) {
            ctx.getLog().info("Raft node {} bootstraps cluster {} (initial-cluster-state = new)", settings.nodeId(),
                bootstrap.clusterId());
            runtime.replica().identify(bootstrap.clusterId());
            runtime.bootstrapping();
          }
          Raft raft = runtime.replica().raft();
          ctx.getLog().info("Raft node {} recovered: cluster {}, term {}, log {}..{}, snapshot at {}; configuration {}",
              settings.nodeId(), raft.clusterId() == null ? "(not known yet)" : raft.clusterId(), raft.currentTerm(),
              raft.log().firstIndex(), raft.log().lastIndex(), raft.snapshot().lastIncludedIndex(),
              raft.configuration());
          timers.startTimerAtFixedRate(Tick.INSTANCE, settings.tickInterval());
          if (!settings.security().tls()) {
            runtime.warnIfInsecure();
            timers.startTimerAtFixedRate(InsecureWarning.INSTANCE, INSECURE_WARNING_EVERY);
          }
          return stash.unstashAll(behaviorFor(Role.FOLLOWER, runtime));
        })
        .onMessage(JournalStopped.class, m -> journalStopped(ctx, settings))
        .onMessage(NodeProtocol.GetHealth.class, m -> {
          // Answered at once: a long replay must not look like a dead node to a health check.
          m.replyTo().tell(NodeHealth.recovering(settings.nodeId()));
          return Behaviors.same();
        })
        .onAnyMessage(m -> {
          if (stash.isFull()) {
            refuseWhileRecovering(m);
          } else {
            stash.stash(m);
          }
          return Behaviors.same();
        })
        .build();
  }

  /**
   * A request that does not fit the recovery stash: a recovering node leads nothing, so it answers as any follower
   * that knows no leader would. Peer messages are dropped (Raft resends them) and status asks go unanswered.
   */
  private static void refuseWhileRecovering(NodeProtocol.Command m) {
    if (m instanceof NodeProtocol.Request request) {
      request.replyTo().tell(new ClientResponse.NotLeader(null, null));
    }
  }

  private static Behavior<NodeProtocol.Command> journalStopped(ActorContext<NodeProtocol.Command> ctx, RaftSettings s) {
    ctx.getLog().error("Raft node {} stops: its journal stopped after a storage failure (see the error above)."
        + " A Raft server must not run on state it cannot make durable.", s.nodeId());
    return Behaviors.stopped();
  }

  static Behavior<NodeProtocol.Command> behaviorFor(Role role, NodeRuntime runtime) {
    switch (role) {
      case LEADER:
        return leader(runtime);
      case CANDIDATE:
        return candidate(runtime);
      default:
        return follower(runtime);
    }
  }

  private static Behavior<NodeProtocol.Command> follower(NodeRuntime rt) {
    return notLeading(Role.FOLLOWER, rt);
  }

  private static Behavior<NodeProtocol.Command> candidate(NodeRuntime rt) {
    return notLeading(Role.CANDIDATE, rt);
  }

  /** A follower or candidate points clients and operators at the leader it knows of, if any. */
  private static Behavior<NodeProtocol.Command> notLeading(Role role, NodeRuntime rt) {
    return common(role, rt)
        .onMessage(NodeProtocol.ClientRequest.class, m -> refuse(rt, WRITE, m.replyTo()))
        .onMessage(NodeProtocol.ClientBatch.class, m -> refuse(rt, WRITE, m.replyTo()))
        .onMessage(NodeProtocol.ClientQuery.class, m -> refuse(rt, READ, m.replyTo()))
        .onMessage(NodeProtocol.RegisterClient.class, m -> refuse(rt, SESSION, m.replyTo()))
        .onMessage(NodeProtocol.AddMember.class, m -> refuse(rt, ADMIN, m.replyTo()))
        .onMessage(NodeProtocol.RemoveMember.class, m -> refuse(rt, ADMIN, m.replyTo()))
        .onMessage(NodeProtocol.ChangeVoters.class, m -> refuse(rt, ADMIN, m.replyTo()))
        .onMessage(NodeProtocol.TransferLeadership.class, m -> refuse(rt, ADMIN, m.replyTo()))
        .build();
  }

  private static Behavior<NodeProtocol.Command> leader(NodeRuntime rt) {
    Role role = Role.LEADER;
    return common(role, rt)
        .onMessage(NodeProtocol.ClientRequest.class, m -> request(role, rt, WRITE, m.replyTo(),
            reply -> rt.replica().write(m.clientId(), m.sequence(), m.firstUnacknowledged(), m.command(), reply)))
        .onMessage(NodeProtocol.ClientBatch.class, m -> request(role, rt, WRITE, m.replyTo(),
            reply -> rt.replica().writeBatch(m.clientId(), m.firstUnacknowledged(), m.writes(), reply)))
        .onMessage(NodeProtocol.ClientQuery.class, m -> request(role, rt, READ, m.replyTo(),
            reply -> rt.replica().read(m.query(), reply)))
        .onMessage(NodeProtocol.RegisterClient.class, m -> request(role, rt, SESSION, m.replyTo(),
            reply -> rt.replica().registerClient(reply)))
        .onMessage(NodeProtocol.AddMember.class, m -> request(role, rt, ADMIN, m.replyTo(),
            reply -> rt.replica().addMember(m.id(), m.address(), m.voter(), reply)))
        .onMessage(NodeProtocol.RemoveMember.class, m -> request(role, rt, ADMIN, m.replyTo(),
            reply -> rt.replica().removeMember(m.id(), reply)))
        .onMessage(NodeProtocol.ChangeVoters.class, m -> request(role, rt, ADMIN, m.replyTo(),
            reply -> rt.replica().changeVoters(m.voters(), reply)))
        .onMessage(NodeProtocol.TransferLeadership.class, m -> request(role, rt, ADMIN, m.replyTo(),
            reply -> rt.replica().transferLeadership(m.target(), reply)))
        .build();
  }

  /** A leader's handling of a request of {@code kind}: the input, measured by the node's metrics. */
  private static Behavior<NodeProtocol.Command> request(Role role, NodeRuntime rt, RaftMetrics.Request kind,
      ActorRef<ClientResponse> replyTo, Consumer<ReplyTo> input) {
    ReplyTo reply = rt.metrics().reply(kind, replyTo);
    return next(role, rt, () -> rt.metrics().proposing(kind, rt.replica().raft(), () -> input.accept(reply)));
  }

  /** Handlers every role shares: Raft inputs, durability reports, status and the test hook. */
  private static BehaviorBuilder<NodeProtocol.Command> common(Role role, NodeRuntime rt) {
    return Behaviors.receive(NodeProtocol.Command.class)
        .onMessage(NodeProtocol.AdminRequest.class, m -> !rt.admits(m), m -> Behaviors.same())
        .onMessage(InsecureWarning.class, m -> {
          rt.warnIfInsecure();
          return Behaviors.same();
        })
        .onMessage(NodeProtocol.PeerMessage.class, m -> next(role, rt, () -> rt.onPeerMessage(m)))
        .onMessage(Tick.class, m -> next(role, rt, rt::onTick))
        .onMessage(ClusterReachability.Changed.class, m -> next(role, rt, () -> rt.onClusterEvent(m.event())))
        .onMessage(Flush.class, m -> next(role, rt, () -> rt.replica().flush()))
        .onMessage(SnapshotWritten.class, m -> next(role, rt, () -> {
          if (m.error() == null) {
            rt.metrics().metrics().snapshotTaken(m.data().length);
            rt.replica().snapshotWritten(m.index(), m.data());
          } else {
            rt.metrics().metrics().snapshotFailed();
            rt.replica().snapshotFailed(m.index(), m.error());
          }
        }))
        .onMessage(FromJournal.class, m -> next(role, rt, () -> onJournal(rt, m.reply())))
        .onMessage(NodeProtocol.GetStatus.class, m -> {
          m.replyTo().tell(rt.replica().status());
          return Behaviors.same();
        })
        .onMessage(NodeProtocol.GetHealth.class, m -> {
          m.replyTo().tell(rt.health());
          return Behaviors.same();
        })
        .onMessage(NodeProtocol.SetLinkFilter.class, m -> {
          rt.setLinkFilter(m);
          return Behaviors.same();
        })
        .onMessage(NodeProtocol.LinkStalled.class, m -> {
          rt.onLinkStalled(m);
          return Behaviors.same();
        })
        .onMessage(JournalStopped.class, m -> journalStopped(rt.context(), rt.settings()));
  }

  private static void onJournal(NodeRuntime rt, RaftJournal.Reply reply) {
    if (reply instanceof RaftJournal.Persisted p) {
      rt.metrics().writeDurable(p.batchId());
      rt.replica().persisted(p.batchId());
    }
  }

  private static Behavior<NodeProtocol.Command> refuse(NodeRuntime rt, RaftMetrics.Request kind,
      ActorRef<ClientResponse> replyTo) {
    rt.replica().notLeader(rt.metrics().reply(kind, replyTo));
    return Behaviors.same();
  }

  /** Runs one input, then switches behavior if the core changed role. */
  private static Behavior<NodeProtocol.Command> next(Role current, NodeRuntime rt, Runnable input) {
    input.run();
    rt.afterInput();
    Raft raft = rt.replica().raft();
    rt.metrics().afterInput(raft);
    Role now = raft.role();
    if (now == current) {
      return Behaviors.same();
    }
    rt.context().getLog().info("{} is now {} in term {}{}", raft.id(), now, raft.currentTerm(),
        raft.leaderId() == null || now == Role.LEADER ? "" : " (leader " + raft.leaderId() + ")");
    return behaviorFor(now, rt);
  }
}
