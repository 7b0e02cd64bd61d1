package org.pekkoraft.node;

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
import org.pekkoraft.protocol.NodeProtocol;
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

  static <C, R> Behavior<NodeProtocol.Command> create(RaftSettings settings, StateMachine<C, R> machine) {
    return create(settings, machine, STASH_CAPACITY);
  }

  static <C, R> Behavior<NodeProtocol.Command> create(RaftSettings settings, StateMachine<C, R> machine,
      int stashCapacity) {
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
      return recovering(ctx, timers, stash, settings, machine, journal, replies);
    })));
  }

  private static <C, R> Behavior<NodeProtocol.Command> recovering(ActorContext<NodeProtocol.Command> ctx,
      TimerScheduler<NodeProtocol.Command> timers, StashBuffer<NodeProtocol.Command> stash, RaftSettings settings,
      StateMachine<C, R> machine, ActorRef<RaftJournal.Command> journal, ActorRef<RaftJournal.Reply> replies) {
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
          NodeRuntime runtime = new NodeRuntime(ctx, settings, recovered.state(), machine, journal, replies);
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
        .onMessage(NodeProtocol.ClientRequest.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(NodeProtocol.ClientBatch.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(NodeProtocol.ClientQuery.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(NodeProtocol.RegisterClient.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(NodeProtocol.AddMember.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(NodeProtocol.RemoveMember.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(NodeProtocol.ChangeVoters.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(NodeProtocol.TransferLeadership.class, m -> refuse(role, rt, m.replyTo()))
        .build();
  }

  private static Behavior<NodeProtocol.Command> leader(NodeRuntime rt) {
    Role role = Role.LEADER;
    return common(role, rt)
        .onMessage(NodeProtocol.ClientRequest.class, m -> next(role, rt, () -> rt.replica().write(m.clientId(),
            m.sequence(), m.firstUnacknowledged(), m.command(), m.replyTo()::tell)))
        .onMessage(NodeProtocol.ClientBatch.class, m -> next(role, rt, () -> rt.replica().writeBatch(m.clientId(),
            m.firstUnacknowledged(), m.writes(), m.replyTo()::tell)))
        .onMessage(NodeProtocol.ClientQuery.class, m -> next(role, rt,
            () -> rt.replica().read(m.query(), m.replyTo()::tell)))
        .onMessage(NodeProtocol.RegisterClient.class, m -> next(role, rt,
            () -> rt.replica().registerClient(m.replyTo()::tell)))
        .onMessage(NodeProtocol.AddMember.class, m -> next(role, rt,
            () -> rt.replica().addMember(m.id(), m.address(), m.voter(), m.replyTo()::tell)))
        .onMessage(NodeProtocol.RemoveMember.class, m -> next(role, rt,
            () -> rt.replica().removeMember(m.id(), m.replyTo()::tell)))
        .onMessage(NodeProtocol.ChangeVoters.class, m -> next(role, rt,
            () -> rt.replica().changeVoters(m.voters(), m.replyTo()::tell)))
        .onMessage(NodeProtocol.TransferLeadership.class, m -> next(role, rt,
            () -> rt.replica().transferLeadership(m.target(), m.replyTo()::tell)))
        .build();
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
        .onMessage(Flush.class, m -> next(role, rt, () -> rt.replica().flush()))
        .onMessage(SnapshotWritten.class, m -> next(role, rt, () -> {
          if (m.error() == null) {
            rt.replica().snapshotWritten(m.index(), m.data());
          } else {
            rt.replica().snapshotFailed(m.index(), m.error());
          }
        }))
        .onMessage(FromJournal.class, m -> next(role, rt, () -> onJournal(rt, m.reply())))
        .onMessage(NodeProtocol.GetStatus.class, m -> {
          m.replyTo().tell(rt.replica().status());
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
      rt.replica().persisted(p.batchId());
    }
  }

  private static Behavior<NodeProtocol.Command> refuse(Role role, NodeRuntime rt, ActorRef<ClientResponse> replyTo) {
    rt.replica().notLeader(replyTo::tell);
    return Behaviors.same();
  }

  /** Runs one input, then switches behavior if the core changed role. */
  private static Behavior<NodeProtocol.Command> next(Role current, NodeRuntime rt, Runnable input) {
    input.run();
    Raft raft = rt.replica().raft();
    Role now = raft.role();
    if (now == current) {
      return Behaviors.same();
    }
    rt.context().getLog().info("{} is now {} in term {}{}", raft.id(), now, raft.currentTerm(),
        raft.leaderId() == null || now == Role.LEADER ? "" : " (leader " + raft.leaderId() + ")");
    return behaviorFor(now, rt);
  }
}
