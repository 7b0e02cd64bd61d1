package org.pekkoraft.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
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
 * Recovery of Raft's persistent state. The testkit serializes every event and snapshot on the way, so these tests
 * also prove the CBOR format round-trips.
 */
class RaftJournalTest {

  private static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static LogEntry command(long index, long term) {
    return new LogEntry.Command(index, term, 7, index, index, 1000 + index,
        ("v" + index).getBytes(StandardCharsets.UTF_8));
  }

  private static EventSourcedBehaviorTestKit<RaftJournal.Command, RaftEvent, PersistentState> journal(
      String id, TestProbe<RaftJournal.Reply> owner, int snapshotEvery) {
    // Commands are local messages to the journal child; the mutable state is stored only through the snapshot
    // adapter. Events are what reaches the disk, and they are verified.
    var serialization = EventSourcedBehaviorTestKit.enabledSerializationSettings()
        .withVerifyCommands(false).withVerifyState(false);
    return EventSourcedBehaviorTestKit.create(testKit.system(), RaftJournal.create(id, owner.ref(), snapshotEvery),
        serialization);
  }

  @Test
  void recoversTermVoteAndLogAfterRestart() {
    TestProbe<RaftJournal.Reply> owner = testKit.createTestProbe();
    var kit = journal("recover", owner, 0);
    owner.expectMessageClass(RaftJournal.Recovered.class);

    Configuration config = Configuration.ofVoters(NodeId.of("a"), NodeId.of("b")).withEndpoint(NodeId.of("a"), "h:1");
    kit.runCommand(new RaftJournal.Persist(1, List.of(new RaftEvent.TermAdvanced(3),
        new RaftEvent.VoteCast(3, NodeId.of("b"))), owner.ref()));
    assertEquals(new RaftJournal.Persisted(1), owner.receiveMessage());
    kit.runCommand(new RaftJournal.Persist(2, List.of(new RaftEvent.EntriesAppended(List.of(
        new LogEntry.NoOp(1, 3), command(2, 3), new LogEntry.ConfigChange(3, 3, config),
        new LogEntry.RegisterClient(4, 3, 99), command(5, 3)))), owner.ref()));
    owner.expectMessage(new RaftJournal.Persisted(2));
    kit.runCommand(new RaftJournal.Persist(3, List.of(new RaftEvent.LogTruncated(5)), owner.ref()));
    owner.expectMessage(new RaftJournal.Persisted(3));

    kit.restart();
    PersistentState recovered = owner.expectMessageClass(RaftJournal.Recovered.class).state();
    assertEquals(3, recovered.currentTerm());
    assertEquals(NodeId.of("b"), recovered.votedFor());
    assertEquals(4, recovered.log().lastIndex());
    assertEquals(command(2, 3), recovered.log().entry(2));
    assertEquals(config, ((LogEntry.ConfigChange) recovered.log().entry(3)).configuration());
  }

  @Test
  void aNewTermClearsTheVoteAcrossRestarts() {
    TestProbe<RaftJournal.Reply> owner = testKit.createTestProbe();
    var kit = journal("vote", owner, 0);
    owner.expectMessageClass(RaftJournal.Recovered.class);
    kit.runCommand(new RaftJournal.Persist(1, List.of(new RaftEvent.TermAdvanced(2),
        new RaftEvent.VoteCast(2, NodeId.of("x")), new RaftEvent.TermAdvanced(4)), owner.ref()));
    owner.expectMessage(new RaftJournal.Persisted(1));
    kit.restart();
    PersistentState recovered = owner.expectMessageClass(RaftJournal.Recovered.class).state();
    assertEquals(4, recovered.currentTerm());
    assertNull(recovered.votedFor());
  }

  @Test
  void recoversFromAJournalSnapshotPlusLaterEvents() {
    TestProbe<RaftJournal.Reply> owner = testKit.createTestProbe();
    var kit = journal("snap", owner, 2);
    owner.expectMessageClass(RaftJournal.Recovered.class);
    Snapshot snapshot = new Snapshot(new SnapshotMeta(2, 1,
        new Configuration(Set.of(NodeId.of("a")), Set.of(NodeId.of("l")), Set.of())), new byte[] {1, 2, 3});
    List<List<RaftEvent>> batches = List.of(
        List.of(new RaftEvent.TermAdvanced(1)),
        List.of(new RaftEvent.EntriesAppended(List.of(command(1, 1), command(2, 1), command(3, 1)))),
        List.of(new RaftEvent.SnapshotTaken(snapshot)),
        List.of(new RaftEvent.EntriesAppended(List.of(command(4, 1)))),
        List.of(new RaftEvent.EntriesAppended(List.of(command(5, 1)))));
    long id = 0;
    for (List<RaftEvent> batch : batches) {
      kit.runCommand(new RaftJournal.Persist(++id, batch, owner.ref()));
      owner.expectMessage(new RaftJournal.Persisted(id));
    }
    kit.restart();
    PersistentState recovered = owner.expectMessageClass(RaftJournal.Recovered.class).state();
    assertEquals(snapshot, recovered.snapshot());
    assertEquals(3, recovered.log().firstIndex());
    assertEquals(5, recovered.log().lastIndex());
    assertEquals(command(5, 1), recovered.log().entry(5));
  }
}
