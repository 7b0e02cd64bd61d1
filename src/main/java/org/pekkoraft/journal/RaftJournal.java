package org.pekkoraft.journal;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.pekkoraft.core.PersistentState;
import org.pekkoraft.core.RaftEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raft's persistent state (currentTerm, votedFor, log, snapshot) as an event-sourced behavior.
 *
 * <p>Contract: each {@link Persist} is written with one {@code persist} of its whole list of events (one atomic,
 * fsynced LevelDB write) and answered with {@link Persisted} only once durable. After recovery the owner receives
 * {@link Recovered} with a copy of the state, before any {@code Persisted}. A failed write or recovery stops this
 * actor; the owner watches it and stops the node (fail-stop: a Raft server must never run on state it could not
 * make durable). Every {@code snapshotEveryWrites} writes the state is saved as a Pekko snapshot and the events
 * before it are deleted, so the journal stays bounded once the log is compacted.
 */
public final class RaftJournal extends EventSourcedBehavior<RaftJournal.Command, RaftEvent, PersistentState> {

  private static final Logger log = LoggerFactory.getLogger(RaftJournal.class);

  public interface Command {}

  /** Writes {@code events} in one durable write and answers {@link Persisted} with {@code batchId}. */
  public record Persist(long batchId, List<RaftEvent> events, ActorRef<Reply> replyTo) implements Command {}

  public interface Reply {}

  public record Persisted(long batchId) implements Reply {}

  /** The state recovered from disk; the owner gets its own copy. */
  public record Recovered(PersistentState state) implements Reply {}

  private final ActorRef<Reply> owner;
  private final int snapshotEveryWrites;

  public static Behavior<Command> create(String persistenceId, ActorRef<Reply> owner, int snapshotEveryWrites) {
    return Behaviors.setup(ctx -> new RaftJournal(PersistenceId.ofUniqueId(persistenceId), owner, snapshotEveryWrites));
  }

  private RaftJournal(PersistenceId id, ActorRef<Reply> owner, int snapshotEveryWrites) {
    super(id);
    this.owner = owner;
    this.snapshotEveryWrites = snapshotEveryWrites;
  }

  @Override
  public PersistentState emptyState() {
    return new PersistentState();
  }

  @Override
  public CommandHandler<Command, RaftEvent, PersistentState> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Persist.class, (state, cmd) -> Effect().persist(cmd.events())
            .thenRun(after -> cmd.replyTo().tell(new Persisted(cmd.batchId()))))
        .build();
  }

  /** The state is this actor's own; mutating it in place avoids copying the log on every write. */
  @Override
  public EventHandler<PersistentState, RaftEvent> eventHandler() {
    return (state, event) -> {
      state.apply(event);
      return state;
    };
  }

  @Override
  public SignalHandler<PersistentState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> owner.tell(new Recovered(state.copy())))
        .onSignal(RecoveryFailed.class, (state, failed) ->
            log.error("Raft journal recovery failed; the node stops", failed.getFailure()))
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return snapshotEveryWrites > 0
        ? RetentionCriteria.snapshotEvery(snapshotEveryWrites, 2).withDeleteEventsOnSnapshot()
        : RetentionCriteria.disabled();
  }

  /** Snapshots are taken from an immutable copy, made here on the actor's thread. */
  @Override
  public SnapshotAdapter<PersistentState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(PersistentState state) {
        return JournalSnapshot.of(state);
      }

      @Override
      public PersistentState fromJournal(Object from) {
        return ((JournalSnapshot) from).toState();
      }
    };
  }
}
