package org.pekkoraft.journal;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.AbstractPersistentActor;
import org.apache.pekko.persistence.DeleteMessagesFailure;
import org.apache.pekko.persistence.DeleteSnapshotsFailure;
import org.apache.pekko.persistence.RecoveryCompleted;
import org.apache.pekko.persistence.RuntimePluginConfig;
import org.apache.pekko.persistence.SaveSnapshotFailure;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import org.apache.pekko.persistence.SnapshotOffer;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.pekkoraft.core.PersistentState;
import org.pekkoraft.core.RaftEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raft's persistent state (currentTerm, votedFor, log, snapshot), event-sourced with Pekko Persistence.
 *
 * <p>Contract: each {@link Persist} is written with one {@code persistAll} of its events (one atomic, fsynced
 * LevelDB write) and answered with {@link Persisted} only once durable; batches are written and answered in the
 * order they arrive. After recovery the owner receives {@link Recovered} with a copy of the state, before any
 * {@code Persisted}. A failed or rejected write, or a failed recovery, stops this actor; the owner watches it and
 * stops the node (fail-stop: a Raft server must never run on state it could not make durable).
 *
 * <p>Retention: after a batch that moved the Raft snapshot ({@code SnapshotTaken} or {@code SnapshotInstalled}),
 * the state is saved as a {@link JournalSnapshot} in the background, and once that is durable the events and older
 * journal snapshots it covers are deleted. So the journal holds one Raft snapshot and the log after it, and a journal
 * snapshot is written once per Raft snapshot, never once per N writes (which would copy the whole log each time
 * when Raft snapshots are off).
 *
 * <p>{@code SnapshotTaken} is never written as an event: its data is the state machine's own, rebuilt by replaying
 * the log, so until the journal snapshot holding it is durable, the events it compacted stay in the journal and a
 * crash recovers the older snapshot and the longer log, which is the same state. A batch of nothing but
 * {@code SnapshotTaken} is therefore answered at once. {@code SnapshotInstalled} is written with its data: it
 * replaces state this server cannot rebuild, and its sender is told once it is durable.
 *
 * <p>A classic persistent actor rather than an {@code EventSourcedBehavior}: the typed behavior stashes every write
 * while a snapshot is being saved, which put the whole snapshot save on the commit path.
 */
public final class RaftJournal extends AbstractPersistentActor implements RuntimePluginConfig {

  private static final Logger log = LoggerFactory.getLogger(RaftJournal.class);

  public interface Command {}

  /** Writes {@code events} in one durable write and answers {@link Persisted} with {@code batchId}. */
  public record Persist(long batchId, List<RaftEvent> events, ActorRef<Reply> replyTo) implements Command {}

  public interface Reply {}

  public record Persisted(long batchId) implements Reply {}

  /** The state recovered from disk; the owner gets its own copy. */
  public record Recovered(PersistentState state) implements Reply {}

  /**
   * The Pekko Persistence plugins a journal uses: the configuration paths of a journal and a snapshot store, and
   * settings given to them at run time (such as their directories), over the ActorSystem's configuration. Pekko
   * starts a plugin once per ActorSystem, with the settings of the first actor that asks for it.
   */
  public record Plugins(String journal, Config journalConfig, String snapshots, Config snapshotConfig) {}

  private final String persistenceId;
  private final Plugins plugins;
  private final ActorRef<Reply> owner;
  /** Replaced by a journal snapshot's during recovery: never capture it in a method reference. */
  private PersistentState state = new PersistentState();
  private boolean saving;
  private boolean saveAgain;

  /**
   * Pekko's persistent actor asks for its plugins in its own constructor, before this class's fields are set; the
   * plugins are handed to that call through this, set around the constructor on the creating thread.
   */
  private static final ThreadLocal<Plugins> CONSTRUCTING = new ThreadLocal<>();

  public static Props props(String persistenceId, Plugins plugins, ActorRef<Reply> owner) {
    return Props.create(RaftJournal.class, () -> {
      CONSTRUCTING.set(plugins);
      try {
        return new RaftJournal(persistenceId, plugins, owner);
      } finally {
        CONSTRUCTING.remove();
      }
    });
  }

  private Plugins plugins() {
    return plugins != null ? plugins : CONSTRUCTING.get();
  }

  private RaftJournal(String persistenceId, Plugins plugins, ActorRef<Reply> owner) {
    this.persistenceId = persistenceId;
    this.plugins = plugins;
    this.owner = owner;
  }

  @Override
  public String persistenceId() {
    return persistenceId;
  }

  @Override
  public String journalPluginId() {
    return plugins().journal();
  }

  @Override
  public Config journalPluginConfig() {
    return plugins().journalConfig();
  }

  @Override
  public String snapshotPluginId() {
    return plugins().snapshots();
  }

  @Override
  public Config snapshotPluginConfig() {
    return plugins().snapshotConfig();
  }

  @Override
  public Receive createReceiveRecover() {
    return receiveBuilder()
        .match(SnapshotOffer.class, offer -> state = ((JournalSnapshot) offer.snapshot()).toState())
        .match(RaftEvent.class, event -> state.apply(event))
        .match(RecoveryCompleted.class, done -> owner.tell(new Recovered(state.copy())))
        .build();
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(Persist.class, this::write)
        .match(SaveSnapshotSuccess.class, this::saved)
        .match(SaveSnapshotFailure.class, failure -> {
          // Nothing was deleted, so the journal still holds everything; the next Raft snapshot tries again.
          log.warn("{}: could not save the journal snapshot; its events are kept", persistenceId, failure.cause());
          saveDone();
        })
        .match(DeleteMessagesFailure.class, failure ->
            log.warn("{}: could not delete events up to {}", persistenceId, failure.toSequenceNr(), failure.cause()))
        .match(DeleteSnapshotsFailure.class, failure ->
            log.warn("{}: could not delete older journal snapshots", persistenceId, failure.cause()))
        .build();
  }

  private void write(Persist batch) {
    List<RaftEvent> all = batch.events();
    List<RaftEvent> written = new ArrayList<>(all.size());
    boolean compacts = false;
    for (RaftEvent event : all) {
      compacts |= event instanceof RaftEvent.SnapshotTaken || event instanceof RaftEvent.SnapshotInstalled;
      if (!(event instanceof RaftEvent.SnapshotTaken)) {
        written.add(event);
      }
    }
    if (written.isEmpty()) {
      all.forEach(event -> state.apply(event));
      done(batch, compacts);
      return;
    }
    boolean snapshotAfter = compacts;
    int[] next = {0};
    int[] handled = {0};
    // The handler runs once per written event, in order, after the whole batch is durable; the unwritten
    // SnapshotTaken events are applied in their place in the batch's order.
    persistAll(written, event -> {
      while (all.get(next[0]) instanceof RaftEvent.SnapshotTaken) {
        state.apply(all.get(next[0]++));
      }
      state.apply(all.get(next[0]++));
      if (++handled[0] == written.size()) {
        while (next[0] < all.size()) {
          state.apply(all.get(next[0]++));
        }
        done(batch, snapshotAfter);
      }
    });
  }

  private void done(Persist batch, boolean compacts) {
    batch.replyTo().tell(new Persisted(batch.batchId()));
    if (compacts) {
      saveJournalSnapshot();
    }
  }

  /** One save at a time: a compaction during a save is covered by one more save after it. */
  private void saveJournalSnapshot() {
    if (saving) {
      saveAgain = true;
      return;
    }
    saving = true;
    saveSnapshot(JournalSnapshot.of(state));
  }

  private void saved(SaveSnapshotSuccess success) {
    long covered = success.metadata().sequenceNr();
    if (covered > 0) {
      deleteMessages(covered);
      deleteSnapshots(SnapshotSelectionCriteria.create(covered - 1, Long.MAX_VALUE));
    }
    saveDone();
  }

  private void saveDone() {
    saving = false;
    if (saveAgain) {
      saveAgain = false;
      saveJournalSnapshot();
    }
  }

  @Override
  public void onPersistRejected(Throwable cause, Object event, long seqNr) {
    log.error("{}: the journal rejected event {} (sequence number {}); the node stops", persistenceId, event, seqNr,
        cause);
    getContext().stop(getSelf());
  }

  @Override
  public void onPersistFailure(Throwable cause, Object event, long seqNr) {
    log.error("{}: writing event {} (sequence number {}) failed; the node stops", persistenceId, event, seqNr, cause);
    getContext().stop(getSelf());
  }

  @Override
  public void onRecoveryFailure(Throwable cause, scala.Option<Object> event) {
    log.error("{}: Raft journal recovery failed; the node stops", persistenceId, cause);
  }
}
