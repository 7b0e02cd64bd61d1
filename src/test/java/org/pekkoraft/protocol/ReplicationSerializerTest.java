package org.pekkoraft.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftEvent;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.testkit.Allocation;

/** Through the ActorSystem's serialization, as Artery and the journal use it: the binding and the round trip. */
class ReplicationSerializerTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Serialization serialization =
      SerializationExtension.get(Adapter.toClassic(testKit.system()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static final NodeId A = NodeId.of("node-1");
  private static final List<LogEntry> EVERY_KIND = List.of(
      new LogEntry.NoOp(7, 3),
      new LogEntry.Command(8, 3, 42, 9, 5, 1_700_000_000_000L, "put k v".getBytes(StandardCharsets.UTF_8)),
      new LogEntry.Command(9, 3, 0, 0, 0, 0, new byte[0]),
      new LogEntry.RegisterClient(10, 3, 1_700_000_000_001L),
      new LogEntry.ConfigChange(11, 3, Configuration.ofVoters(A, NodeId.of("node-2"))
          .withEndpoint(A, "127.0.0.1:2551")));

  private static Object roundTrip(Object o) throws NotSerializableException {
    Serializer serializer = serialization.findSerializerFor(o);
    byte[] bytes = serializer.toBinary(o);
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, o)).get();
  }

  @Test
  void appendEntriesWithEveryKindOfEntryRoundTrips() throws Exception {
    NodeProtocol.PeerMessage m = new NodeProtocol.PeerMessage(
        new RaftMessage.AppendEntries(3, A, 6, 2, EVERY_KIND, 6, 1234), "127.0.0.1:2551", "5e1f-cluster", "s3cret");
    assertEquals(ReplicationSerializer.IDENTIFIER, serialization.findSerializerFor(m).identifier());
    assertEquals(m, roundTrip(m));
    NodeProtocol.PeerMessage heartbeat = new NodeProtocol.PeerMessage(new RaftMessage.AppendEntries(3, A, 6, 2, List.of(),
        6, 1235), null, "5e1f-cluster", "");
    assertEquals(heartbeat, roundTrip(heartbeat));
  }

  /**
   * The quiesce mark is one flags byte after the fields, written only when set: every other frame is what version 1
   * always wrote (so older frames read, and older nodes read unmarked frames); unknown flags are refused.
   */
  @Test
  void theQuiesceMarkRoundTripsAsAnOptionalTrailingFlagsByte() throws Exception {
    ReplicationSerializer serializer = serializer();
    NodeProtocol.PeerMessage marked = new NodeProtocol.PeerMessage(new RaftMessage.AppendEntries(3, A, 6, 2,
        List.of(), 6, 1236, true), "127.0.0.1:2551", "5e1f-cluster", "s3cret");
    NodeProtocol.PeerMessage plain = new NodeProtocol.PeerMessage(new RaftMessage.AppendEntries(3, A, 6, 2,
        List.of(), 6, 1236), "127.0.0.1:2551", "5e1f-cluster", "s3cret");
    assertEquals(marked, roundTrip(marked));
    assertTrue(((RaftMessage.AppendEntries) ((NodeProtocol.PeerMessage) roundTrip(marked)).message()).quiesce());
    assertEquals(plain, roundTrip(plain));
    byte[] markedFrame = serializer.toBinary(marked);
    byte[] plainFrame = serializer.toBinary(plain);
    assertEquals(plainFrame.length + 1, markedFrame.length);
    assertArrayEquals(plainFrame, Arrays.copyOf(markedFrame, plainFrame.length));
    assertEquals(ReplicationSerializer.QUIESCE, markedFrame[markedFrame.length - 1]);
    markedFrame[markedFrame.length - 1] = 6;
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> serializer.fromBinary(markedFrame, serializer.manifest(marked)));
    assertTrue(e.getMessage().contains("flags"), e.getMessage());
  }

  @Test
  void appendEntriesResultsRoundTrip() throws Exception {
    for (RaftMessage.AppendEntriesResult r : List.of(RaftMessage.AppendEntriesResult.success(3, A, 11, 1234),
        new RaftMessage.AppendEntriesResult(4, A, false, 0, 12, 2, 5, 77))) {
      NodeProtocol.PeerMessage m = new NodeProtocol.PeerMessage(r, "127.0.0.1:2552", null, "");
      assertEquals(ReplicationSerializer.IDENTIFIER, serialization.findSerializerFor(m).identifier());
      assertEquals(m, roundTrip(m));
    }
  }

  @Test
  void otherPeerMessagesAndEventsRoundTripThroughJackson() throws Exception {
    NodeProtocol.PeerMessage vote = new NodeProtocol.PeerMessage(new RaftMessage.RequestVote(5, A, 11, 3, true, false),
        "127.0.0.1:2551", null, "t");
    assertEquals(vote, roundTrip(vote));
    RaftEvent.VoteCast cast = new RaftEvent.VoteCast(5, A);
    assertNotEquals(ReplicationSerializer.IDENTIFIER, serialization.findSerializerFor(cast).identifier());
    assertEquals(cast, roundTrip(cast));
  }

  @Test
  void entriesAppendedEventsRoundTrip() throws Exception {
    RaftEvent.EntriesAppended e = new RaftEvent.EntriesAppended(EVERY_KIND);
    assertEquals(ReplicationSerializer.IDENTIFIER, serialization.findSerializerFor(e).identifier());
    assertEquals(e, roundTrip(e));
  }

  @Test
  void corruptOrUnknownInputIsRefused() {
    ReplicationSerializer serializer = (ReplicationSerializer) serialization.serializerByIdentity()
        .apply(ReplicationSerializer.IDENTIFIER);
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {1, 2}, "A"));
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "Z"));
    RaftEvent.EntriesAppended event = new RaftEvent.EntriesAppended(EVERY_KIND);
    byte[] entries = serializer.toBinary(event);
    entries[5] = 99;
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(entries, serializer.manifest(event)));
  }

  /**
   * The reported attack: a frame of about a hundred bytes whose one command claims 2^31 - 1 bytes made the node
   * allocate them and die of OutOfMemoryError. Now it is refused, having allocated almost nothing.
   */
  @Test
  void aSmallFrameClaimingAHugeCommandIsRefusedWithoutAllocatingIt() throws Exception {
    ReplicationSerializer serializer = serializer();
    NodeProtocol.PeerMessage m = new NodeProtocol.PeerMessage(new RaftMessage.AppendEntries(7, A, 0, 0,
        List.of(new LogEntry.Command(1, 7, 0, 0, 0, 0, new byte[] {42})), 0, 1), "127.0.0.1:2551", null, "");
    byte[] frame = serializer.toBinary(m);
    String manifest = serializer.manifest(m);
    assertEquals(m, serializer.fromBinary(frame, manifest), "warms the path up before measuring it");
    int lengthField = frame.length - 8 - 8 - 1 - 4;
    assertEquals(1, ByteBuffer.wrap(frame).getInt(lengthField), "the command's length field");
    for (int claimed : new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, frame.length}) {
      ByteBuffer.wrap(frame).putInt(lengthField, claimed);
      Allocation.Measured decoded = Allocation.of(() -> serializer.fromBinary(frame, manifest));
      assertInstanceOf(NotSerializableException.class, decoded.failure(), "claimed " + claimed);
      assertTrue(decoded.bytes() < 1 << 20, "refusing a " + frame.length + "-byte frame claiming " + claimed
          + " bytes allocated " + decoded.bytes() + " bytes");
    }
    assertTrue(frame.length < 128, frame.length + " bytes");
  }

  @Test
  void anAppendEntriesBeyondMaxAppendBytesIsRefusedButSuchAJournalBatchStillReads() throws Exception {
    ReplicationSerializer serializer = serializer();
    long maxAppendBytes = testKit.system().settings().config().getBytes("pekko-raft.max-append-bytes");
    List<LogEntry> batch = List.of(new LogEntry.Command(1, 7, 0, 0, 0, 0, new byte[(int) maxAppendBytes]),
        new LogEntry.Command(2, 7, 0, 0, 0, 0, new byte[1]));
    NodeProtocol.PeerMessage append = new NodeProtocol.PeerMessage(new RaftMessage.AppendEntries(7, A, 0, 0, batch,
        0, 1), null, null, "");
    NotSerializableException refused = assertThrows(NotSerializableException.class,
        () -> serializer.fromBinary(serializer.toBinary(append), serializer.manifest(append)));
    assertTrue(refused.getMessage().contains("more than " + maxAppendBytes + " bytes of commands"),
        refused.getMessage());
    RaftEvent.EntriesAppended event = new RaftEvent.EntriesAppended(batch);
    assertEquals(event, roundTrip(event));
  }

  @Test
  void anEntryCountTheFrameCannotHoldIsRefusedBeforeAnythingIsSizedByIt() {
    ReplicationSerializer serializer = serializer();
    byte[] frame = serializer.toBinary(new RaftEvent.EntriesAppended(List.of(new LogEntry.NoOp(1, 1))));
    int countField = frame.length - 17 - 4;
    ByteBuffer.wrap(frame).putInt(countField, Integer.MAX_VALUE);
    Allocation.Measured decoded = Allocation.of(() -> serializer.fromBinary(frame, "e"));
    assertInstanceOf(NotSerializableException.class, decoded.failure());
    assertTrue(decoded.bytes() < 1 << 20, decoded.bytes() + " bytes");
  }

  private static ReplicationSerializer serializer() {
    return (ReplicationSerializer) serialization.serializerByIdentity().apply(ReplicationSerializer.IDENTIFIER);
  }

  @Test
  void snapshotChunksBeyondTheConfiguredLimitsAreRefused() throws Exception {
    Config config = testKit.system().settings().config();
    long chunkLimit = config.getBytes("pekko-raft.max-append-bytes");
    long snapshotLimit = config.getBytes("pekko-raft.snapshot.max-bytes");
    assertEquals(chunk(0, 100, 1000), roundTrip(chunk(0, 100, 1000)));
    for (NodeProtocol.PeerMessage refused : List.of(chunk(0, (int) chunkLimit + 1, snapshotLimit),
        chunk(0, 100, snapshotLimit + 1), chunk(950, 100, 1000), chunk(-1, 100, 1000), chunk(Long.MAX_VALUE, 100,
        1000))) {
      ReplicationSerializer serializer = serializer();
      byte[] frame = serializer.toBinary(refused);
      NotSerializableException e = assertThrows(NotSerializableException.class,
          () -> serializer.fromBinary(frame, serializer.manifest(refused)), refused.toString());
      assertTrue(e.getMessage().contains("snapshot chunk"), e.getMessage());
    }
  }

  private static NodeProtocol.PeerMessage chunk(long offset, int length, long totalSize) {
    return new NodeProtocol.PeerMessage(new RaftMessage.InstallSnapshot(2, A, 10, 2, Configuration.ofVoters(A),
        offset, new byte[length], false, totalSize, 0), null, null, "");
  }

  @Test
  void framesStartWithTheFormatVersionAndAnUnknownVersionIsRefusedSayingSo() throws Exception {
    ReplicationSerializer serializer = serializer();
    for (Object o : List.of(new RaftEvent.EntriesAppended(EVERY_KIND), new NodeProtocol.PeerMessage(
        RaftMessage.AppendEntriesResult.success(3, A, 11, 1234), null, null, ""))) {
      byte[] frame = serializer.toBinary(o);
      assertEquals(ReplicationSerializer.FORMAT_VERSION, frame[0]);
      frame[0] = 2;
      NotSerializableException e = assertThrows(NotSerializableException.class,
          () -> serializer.fromBinary(frame, serializer.manifest(o)));
      assertTrue(e.getMessage().contains("format version 2"), e.getMessage());
    }
  }

  @Test
  void thePeerTokenCrossesTheWireButNeverAppearsInLogs() throws Exception {
    NodeProtocol.PeerMessage m = new NodeProtocol.PeerMessage(new RaftMessage.TimeoutNow(4, A), "127.0.0.1:2551",
        "c", "s3cret-token");
    assertEquals("s3cret-token", ((NodeProtocol.PeerMessage) roundTrip(m)).peerToken());
    assertTrue(!m.toString().contains("s3cret"), m.toString());
  }

  /** Journals hold EntriesAppended events of the unversioned format, and nodes not yet upgraded send it. */
  @Test
  void framesWrittenBeforeTheFormatVersionStillRead() throws Exception {
    ReplicationSerializer serializer = serializer();
    assertEquals(new RaftEvent.EntriesAppended(EVERY_KIND), serializer.fromBinary(LegacyFrames.ENTRIES_APPENDED, "E"));
    assertEquals(new NodeProtocol.PeerMessage(new RaftMessage.AppendEntries(3, A, 6, 2, EVERY_KIND, 6, 1234),
        "127.0.0.1:2551", "5e1f-cluster", ""), serializer.fromBinary(LegacyFrames.APPEND, "A"));
    assertEquals(new NodeProtocol.PeerMessage(new RaftMessage.AppendEntriesResult(4, A, false, 0, 12, 2, 5, 77),
        "127.0.0.1:2552", null, ""), serializer.fromBinary(LegacyFrames.APPEND_RESULT, "R"));
    assertEquals(new NodeProtocol.PeerMessage(new RaftMessage.RequestVote(5, A, 11, 3, true, false), null,
        "5e1f-cluster", ""), serializer.fromBinary(LegacyFrames.REQUEST_VOTE, "P"));
  }
}
