package org.pekkoraft.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.PersistentRepr$;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pekkoraft.testkit.Await;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The cases of Pekko's journal TCK ({@code JournalSpec} in pekko-persistence-tck, which runs on ScalaTest), written
 * as JUnit tests against {@link GroupCommitJournal}: the journal protocol spoken directly, as a persistent actor does,
 * on native LevelDB and on its pure-Java port. Plus what the TCK does not cover: group commit across persistence ids,
 * recovery after a restart on the same directory, and refusing a directory of another format.
 */
class GroupCommitJournalTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String PLUGIN = "pekko-raft.journal";
  private static final AtomicInteger instances = new AtomicInteger();

  private final List<ActorSystem> systems = new ArrayList<>();
  private final Path dir = tempDir();
  private ActorSystem system;
  private ActorRef journal;
  private TestProbe<Object> writer;

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("group-commit-journal");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void shutdown() {
    systems.forEach(ActorSystem::terminate);
  }

  /** A fresh ActorSystem whose pekko-raft journal lives in {@link #dir}. */
  private void start(boolean nativeLevelDb) {
    Config config = ConfigFactory.parseMap(Map.of(
            PLUGIN + ".dir", dir.resolve("journal").toString(),
            PLUGIN + ".native", nativeLevelDb))
        .withFallback(ConfigFactory.load());
    system = ActorSystem.create("journal-" + instances.incrementAndGet(), config);
    systems.add(system);
    journal = Persistence.get(system).journalFor(PLUGIN, ConfigFactory.empty());
    writer = TestProbe.create(Adapter.toTyped(system));
  }

  private ActorRef writerRef() {
    return Adapter.toClassic(writer.ref());
  }

  private static PersistentRepr event(String pid, long sequenceNr, Object payload) {
    return PersistentRepr$.MODULE$.apply(payload, sequenceNr, pid, "", false, ActorRef.noSender(), "writer-1");
  }

  private static AtomicWrite atomic(PersistentRepr... events) {
    return new AtomicWrite(CollectionConverters.asScala(List.of(events)).toList());
  }

  private JournalProtocol.WriteMessages writeRequest(ActorRef to, PersistentEnvelope... writes) {
    return new JournalProtocol.WriteMessages(CollectionConverters.asScala(List.of(writes)).toList(), to, 1);
  }

  /** Writes events 1..n of {@code pid} (payload "a-i"), one atomic write each, and awaits every success. */
  private void writeEvents(String pid, int n) {
    List<PersistentEnvelope> writes = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      writes.add(atomic(event(pid, i, "a-" + i)));
    }
    journal.tell(writeRequest(writerRef(), writes.toArray(PersistentEnvelope[]::new)), ActorRef.noSender());
    writer.expectMessage(WAIT, JournalProtocol.WriteMessagesSuccessful$.MODULE$);
    for (int i = 1; i <= n; i++) {
      JournalProtocol.WriteMessageSuccess success = writer.expectMessageClass(JournalProtocol.WriteMessageSuccess.class,
          WAIT);
      assertEquals(i, success.persistent().sequenceNr());
    }
  }

  private record Replay(List<Long> sequenceNrs, List<Object> payloads, long highest) {}

  private Replay replay(String pid, long from, long to, long max) {
    journal.tell(new JournalProtocol.ReplayMessages(from, to, max, pid, writerRef()), ActorRef.noSender());
    List<Long> sequenceNrs = new ArrayList<>();
    List<Object> payloads = new ArrayList<>();
    while (true) {
      Object reply = writer.receiveMessage(WAIT);
      if (reply instanceof JournalProtocol.ReplayedMessage replayed) {
        assertEquals(pid, replayed.persistent().persistenceId());
        assertEquals("writer-1", replayed.persistent().writerUuid());
        sequenceNrs.add(replayed.persistent().sequenceNr());
        payloads.add(replayed.persistent().payload());
      } else {
        return new Replay(sequenceNrs, payloads, assertInstanceOf(JournalProtocol.RecoverySuccess.class, reply)
            .highestSequenceNr());
      }
    }
  }

  private void deleteTo(String pid, long to) {
    journal.tell(new JournalProtocol.DeleteMessagesTo(pid, to, writerRef()), ActorRef.noSender());
    assertEquals(new DeleteMessagesSuccess(to), writer.receiveMessage(WAIT));
  }

  @ParameterizedTest(name = "native LevelDB: {0}")
  @ValueSource(booleans = {true, false})
  void replaysByLowerAndUpperBoundsAndCount(boolean nativeLevelDb) {
    start(nativeLevelDb);
    writeEvents("p", 5);
    assertEquals(new Replay(List.of(1L, 2L, 3L, 4L, 5L), List.of("a-1", "a-2", "a-3", "a-4", "a-5"), 5),
        replay("p", 1, Long.MAX_VALUE, Long.MAX_VALUE), "all");
    assertEquals(List.of(3L, 4L, 5L), replay("p", 3, Long.MAX_VALUE, Long.MAX_VALUE).sequenceNrs(), "lower bound");
    assertEquals(List.of(1L, 2L, 3L), replay("p", 1, 3, Long.MAX_VALUE).sequenceNrs(), "upper bound");
    assertEquals(List.of(1L, 2L, 3L), replay("p", 1, Long.MAX_VALUE, 3).sequenceNrs(), "count limit");
    assertEquals(List.of(2L, 3L), replay("p", 2, 3, Long.MAX_VALUE).sequenceNrs(), "lower and upper bound");
    assertEquals(List.of(2L, 3L), replay("p", 2, 5, 2).sequenceNrs(), "bounds and count limit");
    assertEquals(List.of(2L), replay("p", 2, 2, Long.MAX_VALUE).sequenceNrs(), "lower bound equals upper bound");
    assertEquals(List.of(1L), replay("p", 1, Long.MAX_VALUE, 1).sequenceNrs(), "count limit 1");
    assertEquals(new Replay(List.of(), List.of(), 5), replay("p", 1, Long.MAX_VALUE, 0), "count limit 0");
    assertEquals(new Replay(List.of(), List.of(), 5), replay("p", 3, 2, Long.MAX_VALUE), "lower above upper");
    assertEquals(new Replay(List.of(), List.of(), 5), replay("p", 6, Long.MAX_VALUE, Long.MAX_VALUE),
        "nothing after the highest, which is still reported");
    assertEquals(new Replay(List.of(), List.of(), 0), replay("never-written", 1, Long.MAX_VALUE, Long.MAX_VALUE),
        "an id never written");
  }

  @ParameterizedTest(name = "native LevelDB: {0}")
  @ValueSource(booleans = {true, false})
  void deletedEventsAreNotReplayedAndTheHighestSequenceNrStays(boolean nativeLevelDb) {
    start(nativeLevelDb);
    writeEvents("p", 5);
    writeEvents("q", 2);
    deleteTo("p", 3);
    assertEquals(new Replay(List.of(4L, 5L), List.of("a-4", "a-5"), 5), replay("p", 1, Long.MAX_VALUE,
        Long.MAX_VALUE));
    deleteTo("p", Long.MAX_VALUE);
    assertEquals(new Replay(List.of(), List.of(), 5), replay("p", 1, Long.MAX_VALUE, Long.MAX_VALUE),
        "the highest survives deleting every event");
    assertEquals(List.of(1L, 2L), replay("q", 1, Long.MAX_VALUE, Long.MAX_VALUE).sequenceNrs(),
        "another id is untouched");
  }

  @ParameterizedTest(name = "native LevelDB: {0}")
  @ValueSource(booleans = {true, false})
  void anAtomicWriteOfSeveralEventsIsStoredWholeAndANonSerializableOneIsRejectedAlone(boolean nativeLevelDb) {
    start(nativeLevelDb);
    Object notSerializable = new Object();
    journal.tell(writeRequest(writerRef(),
        atomic(event("p", 1, "b-1"), event("p", 2, "b-2"), event("p", 3, "b-3")),
        atomic(event("p", 4, "b-4"), event("p", 5, notSerializable)),
        atomic(event("p", 6, "b-6"))), ActorRef.noSender());
    writer.expectMessage(WAIT, JournalProtocol.WriteMessagesSuccessful$.MODULE$);
    for (long i = 1; i <= 6; i++) {
      Object reply = writer.receiveMessage(WAIT);
      if (i == 4 || i == 5) {
        assertEquals(i, assertInstanceOf(JournalProtocol.WriteMessageRejected.class, reply).message().sequenceNr());
      } else {
        assertEquals(i, assertInstanceOf(JournalProtocol.WriteMessageSuccess.class, reply).persistent().sequenceNr());
      }
    }
    assertEquals(new Replay(List.of(1L, 2L, 3L, 6L), List.of("b-1", "b-2", "b-3", "b-6"), 6),
        replay("p", 1, Long.MAX_VALUE, Long.MAX_VALUE), "no part of the rejected write was stored");
  }

  @ParameterizedTest(name = "native LevelDB: {0}")
  @ValueSource(booleans = {true, false})
  void eventsSurviveARestartOnTheSameDirectory(boolean nativeLevelDb) {
    start(nativeLevelDb);
    writeEvents("p", 3);
    deleteTo("p", 1);
    system.terminate();
    Await.until("the first system to stop", WAIT, () -> system.whenTerminated().isCompleted());
    start(nativeLevelDb);
    assertEquals(new Replay(List.of(2L, 3L), List.of("a-2", "a-3"), 3), replay("p", 1, Long.MAX_VALUE,
        Long.MAX_VALUE));
  }

  @ParameterizedTest(name = "native LevelDB: {0}")
  @ValueSource(booleans = {true, false})
  void writesOfManyPersistenceIdsQueuedTogetherShareOneSyncedBatch(boolean nativeLevelDb) {
    start(nativeLevelDb);
    TestProbe<JournalBatchWritten> batches = TestProbe.create(Adapter.toTyped(system));
    system.getEventStream().subscribe(Adapter.toClassic(batches.ref()), JournalBatchWritten.class);
    int writers = 50;
    List<TestProbe<Object>> probes = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      probes.add(TestProbe.create(Adapter.toTyped(system)));
    }
    for (int i = 0; i < writers; i++) {
      journal.tell(writeRequest(Adapter.toClassic(probes.get(i).ref()), atomic(event("group-" + i, 1, "x"))),
          ActorRef.noSender());
    }
    for (TestProbe<Object> probe : probes) {
      probe.expectMessage(WAIT, JournalProtocol.WriteMessagesSuccessful$.MODULE$);
      probe.expectMessageClass(JournalProtocol.WriteMessageSuccess.class, WAIT);
    }
    int requests = 0;
    int synced = 0;
    while (requests < writers) {
      JournalBatchWritten batch = batches.receiveMessage(WAIT);
      requests += batch.requests();
      synced++;
    }
    // The 50 requests were queued within microseconds while the journal synced the first: they cannot each have
    // had a sync of their own unless every sync finished between two tells.
    assertTrue(synced < writers / 2, synced + " synced batches for " + writers + " requests");
    for (int i = 0; i < writers; i++) {
      assertEquals(List.of(1L), replay("group-" + i, 1, Long.MAX_VALUE, Long.MAX_VALUE).sequenceNrs());
    }
  }

  @ParameterizedTest(name = "native LevelDB: {0}")
  @ValueSource(booleans = {true, false})
  void aDirectoryOfAnotherFormatIsRefusedAndEveryRequestFailsSayingWhy(boolean nativeLevelDb) throws IOException {
    Path journalDir = dir.resolve("journal");
    Files.createDirectories(journalDir);
    org.iq80.leveldb.DB foreign = (nativeLevelDb ? org.fusesource.leveldbjni.JniDBFactory.factory
        : org.iq80.leveldb.impl.Iq80DBFactory.factory).open(journalDir.toFile(),
        new org.iq80.leveldb.Options().createIfMissing(true));
    foreign.put(new byte[] {1, 2, 3}, new byte[] {4});
    foreign.close();
    start(nativeLevelDb);
    journal.tell(new JournalProtocol.ReplayMessages(1, Long.MAX_VALUE, Long.MAX_VALUE, "p", writerRef()),
        ActorRef.noSender());
    JournalProtocol.ReplayMessagesFailure failure = writer.expectMessageClass(
        JournalProtocol.ReplayMessagesFailure.class, WAIT);
    assertTrue(failure.cause().getMessage().contains("not a pekko-raft journal"), failure.cause().getMessage());
    journal.tell(writeRequest(writerRef(), atomic(event("p", 1, "x"))), ActorRef.noSender());
    writer.expectMessageClass(JournalProtocol.WriteMessagesFailed.class, WAIT);
    writer.expectMessageClass(JournalProtocol.WriteMessageFailure.class, WAIT);
  }
}
