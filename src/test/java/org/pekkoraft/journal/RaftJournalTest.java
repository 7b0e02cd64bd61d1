package org.pekkoraft.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.PersistentState;
import org.pekkoraft.core.RaftEvent;
import org.pekkoraft.core.Snapshot;
import org.pekkoraft.core.SnapshotMeta;

/**
 * Recovery and retention of Raft's persistent state. The in-memory test journal and snapshot store serialize every
 * event and journal snapshot, so these tests also prove the CBOR format round-trips.
 */
class RaftJournalTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ActorTestKit testKit = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config()
      .withFallback(PersistenceTestKitSnapshotPlugin.config())
      .withFallback(ConfigFactory.load()));
  private static final PersistenceTestKit events = PersistenceTestKit.create(testKit.system());
  private static final SnapshotTestKit snapshots = SnapshotTestKit.create(testKit.system());
  private static final AtomicInteger names = new AtomicInteger();
  private static final RaftJournal.Plugins PLUGINS = new RaftJournal.Plugins(PersistenceTestKitPlugin.PluginId(),
      ConfigFactory.empty(), PersistenceTestKitSnapshotPlugin.PluginId(), ConfigFactory.empty());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A journal under test, with the probe its owner; {@link #restart} replaces it by a new incarnation. */
  private static final class Journal {
    final String id;
    final TestProbe<RaftJournal.Reply> owner = testKit.createTestProbe();
    org.apache.pekko.actor.ActorRef classicRef;
    ActorRef<RaftJournal.Command> ref;
    long batches;

    Journal(String id) {
      this.id = id;
      start();
    }

    PersistentState start() {
      // The ActorTestKit's user guardian does not spawn classic actors; a system actor hosts the classic journal.
      ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(testKit.system());
      classicRef = classic.systemActorOf(RaftJournal.props(id, PLUGINS, owner.ref()),
          id + "-" + names.incrementAndGet());
      ref = Adapter.toTyped(classicRef);
      return owner.expectMessageClass(RaftJournal.Recovered.class, WAIT).state();
    }

    void write(RaftEvent... batch) {
      ref.tell(new RaftJournal.Persist(++batches, List.of(batch), owner.ref()));
      assertEquals(new RaftJournal.Persisted(batches), owner.receiveMessage(WAIT));
    }

    PersistentState restart() {
      Adapter.toClassic(testKit.system()).stop(classicRef);
      owner.expectTerminated(ref, WAIT);
      return start();
    }

    /** The log entries the journal still holds as events. */
    List<Long> storedIndexes() {
      List<Long> indexes = new ArrayList<>();
      for (Object event : events.persistedInStorage(id)) {
        if (event instanceof RaftEvent.EntriesAppended appended) {
          appended.entries().forEach(e -> indexes.add(e.index()));
        }
      }
      return indexes;
    }

    void awaitStoredIndexes(List<Long> expected) {
      owner.awaitAssert(WAIT, () -> {
        assertEquals(expected, storedIndexes());
        return null;
      });
    }
  }

  private static LogEntry command(long index, long term) {
    return new LogEntry.Command(index, term, 7, index, index, 1000 + index,
        ("v" + index).getBytes(StandardCharsets.UTF_8));
  }

  private static RaftEvent append(long from, long to) {
    List<LogEntry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      entries.add(command(i, 1));
    }
    return new RaftEvent.EntriesAppended(entries);
  }

  private static Snapshot snapshotAt(long index) {
    return new Snapshot(new SnapshotMeta(index, 1,
        new Configuration(Set.of(NodeId.of("a")), Set.of(NodeId.of("l")), Set.of())), new byte[] {1, 2, (byte) index});
  }

  @Test
  void recoversTermVoteAndLogAfterRestart() {
    Journal journal = new Journal("recover");
    Configuration config = Configuration.ofVoters(NodeId.of("a"), NodeId.of("b")).withEndpoint(NodeId.of("a"), "h:1");
    journal.write(new RaftEvent.TermAdvanced(3), new RaftEvent.VoteCast(3, NodeId.of("b")));
    journal.write(new RaftEvent.EntriesAppended(List.of(new LogEntry.NoOp(1, 3), command(2, 3),
        new LogEntry.ConfigChange(3, 3, config), new LogEntry.RegisterClient(4, 3, 99), command(5, 3))));
    journal.write(new RaftEvent.LogTruncated(5));

    PersistentState recovered = journal.restart();
    assertEquals(3, recovered.currentTerm());
    assertEquals(NodeId.of("b"), recovered.votedFor());
    assertEquals(4, recovered.log().lastIndex());
    assertEquals(command(2, 3), recovered.log().entry(2));
    assertEquals(config, ((LogEntry.ConfigChange) recovered.log().entry(3)).configuration());
  }

  @Test
  void aNewTermClearsTheVoteAcrossRestarts() {
    Journal journal = new Journal("vote");
    journal.write(new RaftEvent.TermAdvanced(2), new RaftEvent.VoteCast(2, NodeId.of("x")),
        new RaftEvent.TermAdvanced(4));
    PersistentState recovered = journal.restart();
    assertEquals(4, recovered.currentTerm());
    assertNull(recovered.votedFor());
  }

  @Test
  void aRaftSnapshotDeletesTheEventsItCoversAndRecoveryRestoresIt() {
    Journal journal = new Journal("snap");
    journal.write(new RaftEvent.TermAdvanced(1));
    journal.write(append(1, 3));
    journal.write(new RaftEvent.SnapshotTaken(snapshotAt(2)));
    journal.write(append(4, 4));
    journal.write(append(5, 5));
    journal.awaitStoredIndexes(List.of(4L, 5L));

    JournalSnapshot saved = (JournalSnapshot) snapshots.persistedInStorage("snap").get(0).second();
    assertEquals(List.of(command(3, 1)), saved.entries(), "the journal snapshot holds only the log after the Raft one");
    PersistentState recovered = journal.restart();
    assertEquals(snapshotAt(2), recovered.snapshot());
    assertEquals(1, recovered.currentTerm());
    assertEquals(3, recovered.log().firstIndex());
    assertEquals(5, recovered.log().lastIndex());
    assertEquals(command(5, 1), recovered.log().entry(5));
  }

  @Test
  void whileTheJournalSnapshotIsNotSavedTheCompactedEventsStay() {
    Journal journal = new Journal("unsaved");
    journal.write(append(1, 3));
    snapshots.failNextPersisted("unsaved");
    journal.write(new RaftEvent.SnapshotTaken(snapshotAt(2)));
    journal.write(append(4, 4));
    PersistentState recovered = journal.restart();
    assertEquals(Snapshot.NONE, recovered.snapshot(), "the SnapshotTaken event itself is never written");
    assertEquals(1, recovered.log().firstIndex());
    assertEquals(4, recovered.log().lastIndex());
    assertEquals(List.of(1L, 2L, 3L, 4L), journal.storedIndexes());
  }

  @Test
  void aMixedBatchIsAppliedInItsOrder() {
    Journal journal = new Journal("mixed");
    journal.write(append(1, 3), new RaftEvent.SnapshotTaken(snapshotAt(2)), append(4, 4),
        new RaftEvent.TermAdvanced(2));
    journal.awaitStoredIndexes(List.of());
    PersistentState recovered = journal.restart();
    assertEquals(snapshotAt(2), recovered.snapshot());
    assertEquals(2, recovered.currentTerm());
    assertEquals(3, recovered.log().firstIndex());
    assertEquals(4, recovered.log().lastIndex());
  }

  @Test
  void aLaterRaftSnapshotReplacesTheEarlierOne() {
    Journal journal = new Journal("later");
    journal.write(append(1, 4));
    journal.write(new RaftEvent.SnapshotTaken(snapshotAt(2)));
    journal.write(append(5, 6));
    journal.write(new RaftEvent.SnapshotInstalled(snapshotAt(8)));
    journal.write(append(9, 9));
    journal.awaitStoredIndexes(List.of(9L));
    journal.owner.awaitAssert(WAIT, () -> {
      assertEquals(1, snapshots.persistedInStorage("later").size(), "older journal snapshots are deleted");
      return null;
    });
    PersistentState recovered = journal.restart();
    assertEquals(snapshotAt(8), recovered.snapshot());
    assertEquals(9, recovered.log().firstIndex());
    assertEquals(9, recovered.log().lastIndex());
  }

  @Test
  void noJournalSnapshotIsSavedWithoutARaftSnapshot() {
    Journal journal = new Journal("plain");
    for (int i = 1; i <= 50; i++) {
      journal.write(append(i, i));
    }
    journal.write(new RaftEvent.SnapshotTaken(snapshotAt(50)));
    JournalSnapshot first = snapshots.expectNextPersistedClass("plain", JournalSnapshot.class);
    assertEquals(50, first.snapshot().lastIncludedIndex(), "the first journal snapshot is the Raft snapshot's");
    journal.awaitStoredIndexes(List.of());
  }

  @Test
  void aFailedWriteStopsTheJournalWithoutAnAnswer() {
    assertTrue(stopsWithoutAnAnswer("failed", () -> events.failNextPersisted("failed")).isEmpty(),
        "nothing of the failed write was kept");
  }

  @Test
  void aRejectedWriteStopsTheJournalWithoutAnAnswer() {
    assertTrue(stopsWithoutAnAnswer("rejected", () -> events.rejectNextPersisted("rejected")).isEmpty(),
        "nothing of the rejected write was kept");
  }

  /** Arms {@code fault}, writes one batch, expects the journal to stop unanswered; returns what a restart recovers. */
  private static PersistentState stopsWithoutAnAnswer(String id, Runnable fault) {
    Journal journal = new Journal(id);
    fault.run();
    journal.ref.tell(new RaftJournal.Persist(1, List.of(new RaftEvent.TermAdvanced(1)), journal.owner.ref()));
    journal.owner.expectTerminated(journal.ref, WAIT);
    journal.owner.expectNoMessage(Duration.ofMillis(100));
    return journal.start();
  }
}
