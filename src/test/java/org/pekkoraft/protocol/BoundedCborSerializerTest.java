package org.pekkoraft.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftEvent;
import org.pekkoraft.core.Role;
import org.pekkoraft.testkit.Allocation;

/**
 * Pekko's Jackson serializers inflate anything that starts like gzip or LZ4, whatever their configuration: one
 * 16-byte frame claiming 1.5 GB of LZ4 output threw OutOfMemoryError. Through the ActorSystem's serialization, by
 * serializer id, as Artery and the journal call it.
 */
class BoundedCborSerializerTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Serialization serialization =
      SerializationExtension.get(Adapter.toClassic(testKit.system()));
  private static final String MANIFEST = NodeProtocol.LinkStalled.class.getName();
  private static final long MIB = 1 << 20;
  /** Pekko's ids: jackson-json, jackson-cbor-264 (JSON), jackson-cbor. */
  private static final int[] JACKSON_IDS = {31, 32, 33};

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void jacksonCborIsTheBoundedSerializerUnderPekkosIdentifier() throws Exception {
    NodeProtocol.LinkStalled m = new NodeProtocol.LinkStalled("127.0.0.1:2551", "a-peer-token");
    Serializer serializer = serialization.findSerializerFor(m);
    assertInstanceOf(BoundedCborSerializer.class, serializer);
    assertEquals(33, serializer.identifier(), "the id the journal recorded for everything Jackson wrote");
    assertEquals(m, serialization.deserialize(serializer.toBinary(m), 33, MANIFEST).get());
  }

  /** What the HTTP API asks a node over Artery: status with member endpoints, and health. */
  @Test
  void statusWithEndpointsAndHealthRoundTrip() throws Exception {
    NodeId a = NodeId.of("node-1");
    NodeId b = NodeId.of("node-2");
    List<Object> messages = List.of(
        new NodeStatus(a, "127.0.0.1:2551", Role.LEADER, 3, a, a, 10, 10, 11, 3, 0, Set.of(a, b), Set.of(), false,
            "cluster-1", Map.of(a, "127.0.0.1:2551", b, "127.0.0.1:2552"), true),
        new NodeHealth(b, false, Role.FOLLOWER, 3, a, "127.0.0.1:2551", 9, 8, 10, 40),
        NodeHealth.recovering(b));
    for (Object m : messages) {
      Serializer serializer = serialization.findSerializerFor(m);
      assertEquals(m, serialization.deserialize(serializer.toBinary(m), serializer.identifier(),
          m.getClass().getName()).get());
    }
  }

  /** A node older than the field sends no {@code quiescent}: its status still reads, as not quiescent. */
  @Test
  void aStatusWithoutTheQuiescentFieldReadsAsNotQuiescent() throws Exception {
    NodeId a = NodeId.of("node-1");
    NodeStatus status = new NodeStatus(a, "127.0.0.1:2551", Role.FOLLOWER, 3, a, a, 10, 10, 11, 3, 0, Set.of(a),
        Set.of(), false, "cluster-1", Map.of(a, "127.0.0.1:2551"), true);
    Serializer serializer = serialization.findSerializerFor(status);
    CBORMapper cbor = new CBORMapper();
    ObjectNode fields = (ObjectNode) cbor.readTree(serializer.toBinary(status));
    assertNotNull(fields.remove("quiescent"), "the field is written");
    NodeStatus read = (NodeStatus) serialization.deserialize(cbor.writeValueAsBytes(fields),
        serializer.identifier(), NodeStatus.class.getName()).get();
    assertEquals(new NodeStatus(a, "127.0.0.1:2551", Role.FOLLOWER, 3, a, a, 10, 10, 11, 3, 0, Set.of(a), Set.of(),
        false, "cluster-1", Map.of(a, "127.0.0.1:2551"), false), read);
  }

  @Test
  void aBatchOfWritesAndItsAnswersRoundTripWithTheKindOfEachAnswer() throws Exception {
    org.apache.pekko.actor.typed.ActorRef<ClientResponse> client = testKit.<ClientResponse>createTestProbe().ref();
    NodeProtocol.ClientBatch batch = new NodeProtocol.ClientBatch(7, 3, List.of(new BatchedWrite(3, new byte[] {1}),
        new BatchedWrite(4, new byte[] {2, 3})), client);
    ClientResponse.Batch answers = new ClientResponse.Batch(List.of(new ClientResponse.Ok(new byte[] {9}),
        new ClientResponse.NotLeader(null, null), new ClientResponse.Busy("full"), new ClientResponse.Rejected("big"),
        new ClientResponse.SessionExpired("gone"), new ClientResponse.OutcomeUnknown("forgotten")));
    for (Object m : List.of(batch, answers)) {
      Serializer serializer = serialization.findSerializerFor(m);
      assertInstanceOf(BoundedCborSerializer.class, serializer, m.getClass().getName());
      assertEquals(m, serialization.deserialize(serialization.serialize(m).get(), serializer.identifier(),
          m.getClass().getName()).get());
    }
  }

  @Test
  void anLz4HeaderClaimingGigabytesIsRefusedWithoutAllocatingThem() {
    ByteBuffer frame = ByteBuffer.allocate(16).putInt(0x87D96DF6).putInt(1_500_000_000);
    assertRefusedCheaply(frame.array());
  }

  @Test
  void aGzipBombIsRefusedWithoutInflatingIt() throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 32; i++) {
        gzip.write(zeros);
      }
    }
    assertTrue(compressed.size() < 64 * 1024, "32 MiB inflate from " + compressed.size() + " bytes");
    assertRefusedCheaply(compressed.toByteArray());
  }

  @Test
  void onlyClassesBoundToItAreRead() throws Exception {
    BoundedCborSerializer cbor = cbor();
    byte[] bytes = cbor.toBinary(new NodeProtocol.LinkStalled("x", "a-peer-token"));
    for (String manifest : new String[] {"java.util.ArrayList", "org.pekkoraft.core.Raft", "no.such.Class",
        NodeProtocol.PeerMessage.class.getName()}) {
      assertThrows(NotSerializableException.class, () -> cbor.fromBinary(bytes, manifest), manifest);
    }
  }

  /** Before ReplicationSerializer, Jackson wrote EntriesAppended events; journals may still hold them. */
  @Test
  void entriesAppendedEventsJacksonWroteStillRead() throws Exception {
    RaftEvent.EntriesAppended event = new RaftEvent.EntriesAppended(List.of(new LogEntry.NoOp(1, 1),
        new LogEntry.Command(2, 1, 0, 0, 0, 0, new byte[] {1, 'P'})));
    JacksonCborSerializer jackson = new JacksonCborSerializer(
        (ExtendedActorSystem) Adapter.toClassic(testKit.system()), "pekko-raft-cbor");
    assertEquals(event, serialization.deserialize(jackson.toBinary(event), 33, jackson.manifest(event)).get());
  }

  @Test
  void aStringOverTheConfiguredLimitIsRefused() {
    NodeProtocol.LinkStalled huge = new NodeProtocol.LinkStalled("x".repeat((1 << 20) + 1), "a-peer-token");
    BoundedCborSerializer cbor = cbor();
    byte[] bytes = cbor.toBinary(huge);
    NotSerializableException e = assertThrows(NotSerializableException.class, () -> cbor.fromBinary(bytes, MANIFEST));
    assertTrue(e.getMessage().contains("String value length"), e.getMessage());
  }

  @Test
  void aSystemRunningPekkosOwnCborSerializerIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BoundedCborSerializer.requireInstalled(
        ConfigFactory.parseString(BoundedCborSerializer.SETTING
            + " = org.apache.pekko.serialization.jackson.JacksonCborSerializer")));
    assertTrue(e.getMessage().contains(BoundedCborSerializer.class.getName()), e.getMessage());
  }

  private static BoundedCborSerializer cbor() {
    return (BoundedCborSerializer) serialization.serializerByIdentity().apply(33);
  }

  /** Every Jackson serializer id refuses the frame, and none allocates more than a mebibyte doing so. */
  private static void assertRefusedCheaply(byte[] frame) {
    for (int id : JACKSON_IDS) {
      serialization.deserialize(frame, id, MANIFEST);
      Allocation.Measured m = Allocation.of(() -> serialization.deserialize(frame, id, MANIFEST).get());
      assertNotNull(m.failure(), "serializer " + id + " accepted the frame");
      assertTrue(m.bytes() < MIB, "serializer " + id + " allocated " + m.bytes() + " bytes refusing a "
          + frame.length + "-byte frame: " + m.failure());
    }
  }
}
