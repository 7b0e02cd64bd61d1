package org.pekkoraft.node;

import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pekkoraft.core.Raft;
import org.pekkoraft.core.Role;
import org.pekkoraft.journal.RaftJournal;
import org.pekkoraft.statemachine.ReplicatedState;
import org.pekkoraft.statemachine.StateMachine;

/**
 * The node's behaviors: recovering (journal replay, everything else stashed), then follower, candidate and leader.
 * Each role differs only in what it does with client and operator requests; every Raft input goes to the core
 * through {@link NodeRuntime}, and after each message the behavior of the core's current role is chosen.
 */
final class NodeBehaviors {

  private NodeBehaviors() {}

  enum Tick implements RaftNode.Command { INSTANCE }

  enum Flush implements RaftNode.Command { INSTANCE }

  record FromJournal(RaftJournal.Reply reply) implements RaftNode.Command {}

  enum JournalStopped implements RaftNode.Command { INSTANCE }

  private static final int STASH_CAPACITY = 100_000;

  static <C, R> Behavior<RaftNode.Command> create(RaftSettings settings, StateMachine<C, R> machine) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(STASH_CAPACITY, stash -> {
      ActorRef<RaftJournal.Reply> replies = ctx.messageAdapter(RaftJournal.Reply.class, FromJournal::new);
      ActorRef<RaftJournal.Command> journal = ctx.spawn(
          RaftJournal.create("raft-" + settings.nodeId(), replies, settings.journalSnapshotEveryWrites()), "journal");
      ctx.watchWith(journal, JournalStopped.INSTANCE);
      ctx.getLog().info("Raft node {} recovering its journal", settings.nodeId());
      return recovering(ctx, timers, stash, settings, machine, journal, replies);
    })));
  }

  private static <C, R> Behavior<RaftNode.Command> recovering(ActorContext<RaftNode.Command> ctx,
      TimerScheduler<RaftNode.Command> timers, StashBuffer<RaftNode.Command> stash, RaftSettings settings,
      StateMachine<C, R> machine, ActorRef<RaftJournal.Command> journal, ActorRef<RaftJournal.Reply> replies) {
    return Behaviors.receive(RaftNode.Command.class)
        .onMessage(FromJournal.class, m -> {
          if (!(m.reply() instanceof RaftJournal.Recovered recovered)) {
            throw new IllegalStateException("journal replied before recovery: " + m.reply());
          }
          Raft raft = new Raft(settings.nodeId(), settings.coreOptions(), new SplittableRandom(), recovered.state(),
              settings.bootstrapConfiguration());
          ReplicatedState<C, R> state = new ReplicatedState<>(machine, settings.maxSessions(),
              settings.sessionExpireAfter().toMillis());
          NodeRuntime runtime = new NodeRuntime(ctx, settings, raft, state, journal, replies);
          ctx.getLog().info("Raft node {} recovered: term {}, log {}..{}, snapshot at {}; configuration {}",
              settings.nodeId(), raft.currentTerm(), raft.log().firstIndex(), raft.log().lastIndex(),
              raft.snapshot().lastIncludedIndex(), raft.configuration());
          timers.startTimerAtFixedRate(Tick.INSTANCE, settings.tickInterval());
          return stash.unstashAll(behaviorFor(Role.FOLLOWER, runtime));
        })
        .onMessage(JournalStopped.class, m -> journalStopped(ctx, settings))
        .onAnyMessage(m -> {
          stash.stash(m);
          return Behaviors.same();
        })
        .build();
  }

  private static Behavior<RaftNode.Command> journalStopped(ActorContext<RaftNode.Command> ctx, RaftSettings s) {
    ctx.getLog().error("Raft node {} stops: its journal stopped after a storage failure (see the error above)."
        + " A Raft server must not run on state it cannot make durable.", s.nodeId());
    return Behaviors.stopped();
  }

  static Behavior<RaftNode.Command> behaviorFor(Role role, NodeRuntime runtime) {
    switch (role) {
      case LEADER:
        return leader(runtime);
      case CANDIDATE:
        return candidate(runtime);
      default:
        return follower(runtime);
    }
  }

  private static Behavior<RaftNode.Command> follower(NodeRuntime rt) {
    return notLeading(Role.FOLLOWER, rt);
  }

  private static Behavior<RaftNode.Command> candidate(NodeRuntime rt) {
    return notLeading(Role.CANDIDATE, rt);
  }

  /** A follower or candidate points clients and operators at the leader it knows of, if any. */
  private static Behavior<RaftNode.Command> notLeading(Role role, NodeRuntime rt) {
    return common(role, rt)
        .onMessage(RaftNode.ClientRequest.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(RaftNode.ClientQuery.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(RaftNode.RegisterClient.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(RaftNode.AddMember.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(RaftNode.RemoveMember.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(RaftNode.ChangeVoters.class, m -> refuse(role, rt, m.replyTo()))
        .onMessage(RaftNode.TransferLeadership.class, m -> refuse(role, rt, m.replyTo()))
        .build();
  }

  private static Behavior<RaftNode.Command> leader(NodeRuntime rt) {
    Role role = Role.LEADER;
    return common(role, rt)
        .onMessage(RaftNode.ClientRequest.class, m -> next(role, rt, () -> rt.propose(m)))
        .onMessage(RaftNode.ClientQuery.class, m -> next(role, rt, () -> rt.read(m)))
        .onMessage(RaftNode.RegisterClient.class, m -> next(role, rt, () -> rt.registerClient(m.replyTo())))
        .onMessage(RaftNode.AddMember.class, m -> next(role, rt, () -> rt.admin().addMember(m)))
        .onMessage(RaftNode.RemoveMember.class, m -> next(role, rt, () -> rt.admin().removeMember(m)))
        .onMessage(RaftNode.ChangeVoters.class, m -> next(role, rt, () -> rt.admin().changeVoters(m)))
        .onMessage(RaftNode.TransferLeadership.class, m -> next(role, rt, () -> rt.admin().transferLeadership(m)))
        .build();
  }

  /** Handlers every role shares: Raft inputs, durability reports, status and the test hook. */
  private static BehaviorBuilder<RaftNode.Command> common(Role role, NodeRuntime rt) {
    return Behaviors.receive(RaftNode.Command.class)
        .onMessage(RaftNode.PeerMessage.class, m -> next(role, rt, () -> rt.onPeerMessage(m)))
        .onMessage(Tick.class, m -> next(role, rt, rt::onTick))
        .onMessage(Flush.class, m -> next(role, rt, rt::onFlush))
        .onMessage(FromJournal.class, m -> next(role, rt, () -> onJournal(rt, m.reply())))
        .onMessage(RaftNode.GetStatus.class, m -> {
          m.replyTo().tell(rt.status());
          return Behaviors.same();
        })
        .onMessage(RaftNode.SetLinkFilter.class, m -> {
          rt.setLinkFilter(m);
          return Behaviors.same();
        })
        .onMessage(JournalStopped.class, m -> journalStopped(rt.context(), rt.settings()));
  }

  private static void onJournal(NodeRuntime rt, RaftJournal.Reply reply) {
    if (reply instanceof RaftJournal.Persisted p) {
      rt.onPersisted(p.batchId());
    }
  }

  private static Behavior<RaftNode.Command> refuse(Role role, NodeRuntime rt, ActorRef<ClientResponse> replyTo) {
    rt.notLeader(replyTo);
    return Behaviors.same();
  }

  /** Runs one input, then switches behavior if the core changed role. */
  private static Behavior<RaftNode.Command> next(Role current, NodeRuntime rt, Runnable input) {
    input.run();
    Role now = rt.raft().role();
    if (now == current) {
      return Behaviors.same();
    }
    rt.context().getLog().info("{} is now {} in term {}{}", rt.raft().id(), now, rt.raft().currentTerm(),
        rt.raft().leaderId() == null || now == Role.LEADER ? "" : " (leader " + rt.raft().leaderId() + ")");
    return behaviorFor(now, rt);
  }
}
