package org.pekkoraft.journal;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.DeleteMessagesFailure;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.NonPersistentRepr;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.serialization.SerializationExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * pekko-raft's Pekko Persistence journal plugin: LevelDB, one synced write batch for every write request that
 * arrived while the previous batch was on its way to disk, across all persistence ids (group commit).
 *
 * <p>It runs on a thread of its own (a one-thread dispatcher, {@code plugin-dispatcher} in its configuration, which
 * the nodes' {@link RaftJournal} actors share) and writes synchronously there: a write request is gathered, and a {@code Flush} the actor sends itself once per batch comes
 * after every request already in its mailbox, so everything that queued during the last fsync goes into the next.
 * It answers each persistent actor directly once the batch is durable, in the order of its requests. Compared with
 * Pekko's {@code AsyncWriteJournal} (a future per batch, two callbacks on the dispatcher, a resequencer actor and a
 * circuit-breaker timer) that is three thread hand-offs fewer per write, and one fsync for any number of Raft groups.
 *
 * <p>It speaks Pekko's journal protocol ({@code JournalProtocol}, internal to Pekko Persistence) itself, because the
 * public plugin API puts those hand-offs on every write. The protocol is pinned by the Pekko version in the build;
 * {@code GroupCommitJournalTest} runs the cases of Pekko's journal TCK through a real persistent actor, so an upgrade
 * that changes it fails there first.
 *
 * <p>Contract (as Pekko's): each {@code AtomicWrite} is stored whole or not at all; a request is answered
 * {@code WriteMessagesSuccessful} and then one success per event only once its batch is durable; an event that
 * cannot be serialized is rejected (not stored, the writer is told) without failing the others; a storage failure
 * fails every request of the batch ({@code WriteMessagesFailed}), upon which Pekko stops the persistent actor, and
 * every later request too: the plugin never writes again on a store whose state it no longer knows (fail-stop).
 */
public final class GroupCommitJournal extends AbstractActor {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitJournal.class);

  private enum Flush { INSTANCE }

  private enum Purge { INSTANCE }

  /** Deleted events removed per {@code Purge}: a few milliseconds of LevelDB deletes at most. */
  static final int PURGE_CHUNK = 256;

  /** A write request with its events encoded; {@code rejections[i]} is why its i-th atomic write was not. */
  private record Gathered(JournalProtocol.WriteMessages request, List<JournalStore.Event> events,
      Throwable[] rejections) {}

  private final JournalStore store;
  private final EventCodec codec;
  private final List<Gathered> pending = new ArrayList<>();
  /** Persistence ids with deleted events still to remove, in the order they were deleted. */
  private final java.util.LinkedHashSet<String> purging = new java.util.LinkedHashSet<>();
  private boolean flushQueued;
  /** Why the store cannot be used (it failed to open, or a write failed); every request then fails with it. */
  private Throwable broken;

  /**
   * Pekko creates the plugin with its configuration section: {@code dir}, {@code native}, {@code fsync}. A store
   * that cannot be opened does not fail the constructor (Pekko would stop the plugin and every recovery would wait
   * out its timeout): the plugin answers every request with the reason instead, so the node stops at once, saying
   * why.
   */
  public GroupCommitJournal(Config config) {
    this.codec = new EventCodec(SerializationExtension.get(getContext().getSystem()));
    JournalStore opened = null;
    try {
      opened = open(config);
    } catch (IOException | RuntimeException e) {
      broken = e;
      log.error("The journal cannot be used: {}", e.getMessage());
    }
    this.store = opened;
  }

  private static JournalStore open(Config config) throws IOException {
    String dir = config.getString("dir");
    if (dir.isBlank()) {
      throw new IOException("the journal plugin has no directory: set pekko-raft.data-dir");
    }
    if (!config.getBoolean("fsync")) {
      throw new IOException("the journal's fsync is off: Raft's guarantees need every write on disk");
    }
    return JournalStore.open(Path.of(dir), config.getBoolean("native"), true);
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(JournalProtocol.WriteMessages.class, this::gather)
        .match(Flush.class, flush -> flush())
        .match(JournalProtocol.ReplayMessages.class, this::replay)
        .match(JournalProtocol.DeleteMessagesTo.class, this::delete)
        .match(Purge.class, purge -> purge())
        .build();
  }

  private void gather(JournalProtocol.WriteMessages request) {
    List<PersistentEnvelope> envelopes = CollectionConverters.asJava(request.messages());
    List<JournalStore.Event> events = new ArrayList<>();
    Throwable[] rejections = new Throwable[envelopes.size()];
    for (int i = 0; i < envelopes.size(); i++) {
      if (envelopes.get(i) instanceof AtomicWrite write) {
        List<JournalStore.Event> encoded = new ArrayList<>(write.size());
        try {
          for (PersistentRepr event : CollectionConverters.asJava(write.payload())) {
            encoded.add(new JournalStore.Event(event.persistenceId(), event.sequenceNr(), codec.encode(event)));
          }
          events.addAll(encoded);
        } catch (Exception e) {
          // Pekko's serialization throws checked exceptions undeclared (NotSerializableException, say).
          rejections[i] = e;
        }
      }
    }
    pending.add(new Gathered(request, events, rejections));
    if (!flushQueued) {
      flushQueued = true;
      getSelf().tell(Flush.INSTANCE, ActorRef.noSender());
    }
  }

  private void flush() {
    flushQueued = false;
    List<Gathered> batch = new ArrayList<>(pending);
    pending.clear();
    List<JournalStore.Event> events = new ArrayList<>();
    batch.forEach(g -> events.addAll(g.events()));
    Throwable failure = broken;
    if (failure == null && !events.isEmpty()) {
      try {
        long start = System.nanoTime();
        store.write(events);
        long bytes = 0;
        for (JournalStore.Event e : events) {
          bytes += e.bytes().length;
        }
        getContext().getSystem().getEventStream().publish(
            new JournalBatchWritten(batch.size(), events.size(), bytes, System.nanoTime() - start));
      } catch (IOException | RuntimeException e) {
        failure = e;
        broken = e;
        log.error("Journal write of {} events failed; every write from now on fails", events.size(), e);
      }
    }
    for (Gathered g : batch) {
      if (failure == null) {
        succeeded(g);
      } else {
        failed(g, failure);
      }
    }
  }

  private void succeeded(Gathered g) {
    ActorRef writer = g.request().persistentActor();
    int instance = g.request().actorInstanceId();
    writer.tell(JournalProtocol.WriteMessagesSuccessful$.MODULE$, getSelf());
    List<PersistentEnvelope> envelopes = CollectionConverters.asJava(g.request().messages());
    for (int i = 0; i < envelopes.size(); i++) {
      PersistentEnvelope envelope = envelopes.get(i);
      if (envelope instanceof AtomicWrite write) {
        for (PersistentRepr event : CollectionConverters.asJava(write.payload())) {
          Object reply = g.rejections()[i] == null
              ? new JournalProtocol.WriteMessageSuccess(event, instance)
              : new JournalProtocol.WriteMessageRejected(event, g.rejections()[i], instance);
          writer.tell(reply, event.sender());
        }
      } else if (envelope instanceof NonPersistentRepr loop) {
        writer.tell(new JournalProtocol.LoopMessageSuccess(loop.payload(), instance), loop.sender());
      }
    }
  }

  private void failed(Gathered g, Throwable cause) {
    ActorRef writer = g.request().persistentActor();
    int instance = g.request().actorInstanceId();
    List<PersistentEnvelope> envelopes = CollectionConverters.asJava(g.request().messages());
    long atomicWrites = envelopes.stream().filter(AtomicWrite.class::isInstance).count();
    writer.tell(new JournalProtocol.WriteMessagesFailed(cause, (int) atomicWrites), getSelf());
    for (PersistentEnvelope envelope : envelopes) {
      if (envelope instanceof AtomicWrite write) {
        for (PersistentRepr event : CollectionConverters.asJava(write.payload())) {
          writer.tell(new JournalProtocol.WriteMessageFailure(event, cause, instance), event.sender());
        }
      } else if (envelope instanceof NonPersistentRepr loop) {
        writer.tell(new JournalProtocol.LoopMessageSuccess(loop.payload(), instance), loop.sender());
      }
    }
  }

  private void replay(JournalProtocol.ReplayMessages request) {
    String persistenceId = request.persistenceId();
    ActorRef target = request.persistentActor();
    try {
      if (broken != null) {
        throw new IOException("the journal cannot be used: " + broken.getMessage(), broken);
      }
      long highest = store.replay(persistenceId, request.fromSequenceNr(), request.toSequenceNr(), request.max(),
          (sequenceNr, bytes) -> {
            try {
              target.tell(new JournalProtocol.ReplayedMessage(codec.decode(persistenceId, sequenceNr, bytes)),
                  getSelf());
            } catch (IOException e) {
              throw new ReplayFailed(e);
            }
          });
      target.tell(new JournalProtocol.RecoverySuccess(highest), getSelf());
    } catch (ReplayFailed e) {
      target.tell(new JournalProtocol.ReplayMessagesFailure(e.getCause()), getSelf());
    } catch (Exception e) {
      target.tell(new JournalProtocol.ReplayMessagesFailure(e), getSelf());
    }
  }

  private void delete(JournalProtocol.DeleteMessagesTo request) {
    try {
      if (broken != null) {
        throw new IOException("the journal cannot be used: " + broken.getMessage(), broken);
      }
      store.deleteTo(request.persistenceId(), request.toSequenceNr());
      request.persistentActor().tell(new DeleteMessagesSuccess(request.toSequenceNr()), getSelf());
      if (purging.add(request.persistenceId()) && purging.size() == 1) {
        getSelf().tell(Purge.INSTANCE, ActorRef.noSender());
      }
    } catch (IOException | RuntimeException e) {
      request.persistentActor().tell(new DeleteMessagesFailure(e, request.toSequenceNr()), getSelf());
    }
  }

  /**
   * Removes deleted events a chunk at a time, one chunk per message, so that the writes queued behind a large
   * deletion wait for one chunk at most.
   */
  private void purge() {
    if (broken != null || purging.isEmpty()) {
      return;
    }
    String persistenceId = purging.iterator().next();
    try {
      if (!store.purge(persistenceId, PURGE_CHUNK)) {
        purging.remove(persistenceId);
      }
    } catch (IOException | RuntimeException e) {
      // The events stay (replays already skip them); a later deletion of this id tries again.
      log.warn("Could not remove deleted events of {}: {}", persistenceId, e.toString());
      purging.remove(persistenceId);
    }
    if (!purging.isEmpty()) {
      getSelf().tell(Purge.INSTANCE, ActorRef.noSender());
    }
  }

  @Override
  public void postStop() throws IOException {
    if (store != null) {
      store.close();
    }
  }

  /** Carries a decoding failure out of the replay callback. */
  private static final class ReplayFailed extends RuntimeException {
    ReplayFailed(IOException cause) {
      super(cause);
    }
  }
}
