package org.pekkoraft.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.NotSerializableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftEvent;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.Role;
import org.pekkoraft.core.Snapshot;
import org.pekkoraft.core.SnapshotMeta;
import org.pekkoraft.journal.JournalSnapshot;
import org.pekkoraft.testkit.FuzzCampaign;
import org.pekkoraft.testkit.FuzzCampaign.Sample;

/**
 * Thousands of seeded malformed frames at every serializer a node reads the wire and its journal with, through the
 * ActorSystem's serialization as Artery and the journal call it: ReplicationSerializer under each of its manifests
 * (and the unversioned ones), the bounded Jackson CBOR serializer with every message, event and journal snapshot
 * bound to it, and Pekko's JSON serializers, which must refuse those classes. Valid frames come from real round
 * trips. Only NotSerializableException may escape ours (Artery logs and drops it; any exception but a fatal one
 * does for Pekko's), and no case may allocate more than {@link FuzzCampaign}'s limit.
 *
 * <p>Prints its seed; {@code -Dfuzz.seed=N} replays, {@code -Dfuzz.cases=N} scales.
 */
class DecodingFuzzTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Serialization serialization =
      SerializationExtension.get(Adapter.toClassic(testKit.system()));
  private static final NodeId A = NodeId.of("node-1");
  private static final NodeId B = NodeId.of("node-2");
  private static final Configuration CONFIGURATION = Configuration.ofVoters(A, B).withEndpoint(A, "127.0.0.1:2551")
      .withEndpoint(B, "127.0.0.1:2552");
  private static final List<LogEntry> ENTRIES = List.of(new LogEntry.NoOp(7, 3),
      new LogEntry.Command(8, 3, 42, 9, 5, 1_700_000_000_000L, "put k v".getBytes(StandardCharsets.UTF_8)),
      new LogEntry.Command(9, 3, 0, 0, 0, 0, new byte[0]), new LogEntry.RegisterClient(10, 3, 1_700_000_000_001L),
      new LogEntry.ConfigChange(11, 3, CONFIGURATION));
  private static final int CASES = FuzzCampaign.cases(3000);

  private static long seed;

  @BeforeAll
  static void seed() {
    seed = FuzzCampaign.seed(DecodingFuzzTest.class);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void replicationSerializerUnderEachManifest() {
    List<Object> messages = List.of(
        peer(new RaftMessage.AppendEntries(3, A, 6, 2, ENTRIES, 6, 1234), "s3cret"),
        peer(new RaftMessage.AppendEntries(3, A, 6, 2, List.of(), 6, 1235), ""),
        peer(new RaftMessage.AppendEntries(3, A, 6, 2, List.of(), 6, 1236, true), ""),
        peer(RaftMessage.AppendEntriesResult.success(3, B, 11, 1234), ""),
        peer(RaftMessage.AppendEntriesResult.rejected(4, B, 12, 2, 5, 77), "t"),
        peer(new RaftMessage.RequestVote(5, A, 11, 3, true, false), ""),
        peer(new RaftMessage.InstallSnapshot(5, A, 10, 3, CONFIGURATION, 0, new byte[] {1, 2, 3}, false, 6, 9), ""),
        peer(new RaftMessage.TimeoutNow(5, A), ""),
        new RaftEvent.EntriesAppended(ENTRIES),
        new RaftEvent.EntriesAppended(List.of(new LogEntry.NoOp(1, 1))));
    List<Sample> samples = new ArrayList<>();
    for (Object m : messages) {
      samples.add(sample(m));
    }
    for (LegacyFrames.Frame f : LegacyFrames.ALL) {
      samples.add(new Sample(f.bytes(), bytes -> deserialize(bytes, ReplicationSerializer.IDENTIFIER, f.manifest())));
    }
    FuzzCampaign.run(seed, "ReplicationSerializer", samples, NotSerializableException.class, CASES * 2);
  }

  @Test
  void replicationSerializerWithFramesUnderTheWrongManifest() {
    List<Sample> samples = new ArrayList<>();
    for (byte[] frame : List.of(sample(peer(new RaftMessage.AppendEntries(3, A, 6, 2, ENTRIES, 6, 1234), "")).frame(),
        sample(new RaftEvent.EntriesAppended(ENTRIES)).frame(), LegacyFrames.APPEND, LegacyFrames.REQUEST_VOTE)) {
      samples.add(new Sample(frame, bytes -> {
        for (String manifest : List.of("a", "r", "p", "e", "A", "R", "P", "E", "", "x")) {
          try {
            deserialize(bytes, ReplicationSerializer.IDENTIFIER, manifest);
          } catch (NotSerializableException e) {
            // The rejection; try the next manifest.
          }
        }
        return null;
      }));
    }
    FuzzCampaign.run(seed, "ReplicationSerializer, every manifest", samples, NotSerializableException.class,
        CASES / 3);
  }

  @Test
  void boundedCborWithEveryBoundClass() {
    List<Sample> samples = new ArrayList<>();
    for (Object m : cborMessages()) {
      Sample sample = sample(m);
      assertEquals(33, serialization.findSerializerFor(m).identifier(), m.getClass().getName());
      samples.add(sample);
    }
    FuzzCampaign.run(seed, "jackson-cbor (BoundedCborSerializer)", samples, NotSerializableException.class,
        CASES * 2);
  }

  /**
   * The JSON serializers read none of these classes, whatever the bytes: any non-fatal refusal will do. Each refusal
   * logs a warning, hence fewer cases.
   */
  @Test
  void pekkosJsonSerializersRefuseThem() {
    List<Sample> samples = new ArrayList<>();
    for (Object m : cborMessages().subList(0, 8)) {
      Serializer cbor = serialization.findSerializerFor(m);
      String manifest = Serializers.manifestFor(cbor, m);
      byte[] json = ("{\"senderEndpoint\":\"" + m.hashCode() + "\"}").getBytes(StandardCharsets.UTF_8);
      for (byte[] frame : List.of(serialization.serialize(m).get(), json)) {
        samples.add(new Sample(frame, bytes -> {
          for (int id : new int[] {31, 32}) {
            if (serialization.deserialize(bytes, id, manifest).isSuccess()) {
              throw new AssertionError("serializer " + id + " read a " + manifest);
            }
          }
          return null;
        }));
      }
    }
    FuzzCampaign.run(seed, "jackson-json (31, 32)", samples, NotSerializableException.class, CASES / 15);
  }

  private static List<Object> cborMessages() {
    ActorRef<ClientResponse> client = testKit.<ClientResponse>createTestProbe().ref();
    ActorRef<NodeStatus> status = testKit.<NodeStatus>createTestProbe().ref();
    Snapshot snapshot = new Snapshot(new SnapshotMeta(6, 2, CONFIGURATION), new byte[] {9, 8, 7});
    return List.of(
        new NodeProtocol.LinkStalled("127.0.0.1:2551", "a-peer-token"),
        new NodeProtocol.ClientRequest(3, 4, 2, new byte[] {1, 'P', 0}, client),
        new NodeProtocol.ClientQuery(new byte[] {1, 'G'}, client),
        new NodeProtocol.RegisterClient(client),
        new NodeProtocol.ClientBatch(3, 2, List.of(new BatchedWrite(4, new byte[] {1, 'P', 0}),
            new BatchedWrite(5, new byte[] {1, 'D'})), client),
        new ClientResponse.Batch(List.of(new ClientResponse.Ok(new byte[] {1}), new ClientResponse.Busy("full"))),
        new NodeProtocol.GetStatus(status),
        new NodeProtocol.GetHealth(testKit.<NodeHealth>createTestProbe().ref()),
        new NodeProtocol.AddMember(B, "127.0.0.1:2552", true, "an-admin-token", client),
        new NodeProtocol.ChangeVoters(Set.of(A, B), "an-admin-token", client),
        new NodeProtocol.SetLinkFilter(Set.of(B), client),
        new NodeProtocol.RemoveMember(B, "an-admin-token", client),
        new NodeProtocol.TransferLeadership(B, "an-admin-token", client),
        new ClientResponse.Ok(new byte[] {1, 'K'}),
        new ClientResponse.NotLeader(B, "127.0.0.1:2552"),
        new ClientResponse.Rejected("too big"),
        new NodeStatus(A, "127.0.0.1:2551", Role.LEADER, 3, A, A, 10, 10, 11, 3, 6, Set.of(A, B), Set.of(), false,
            "cluster-1", Map.of(A, "127.0.0.1:2551", B, "127.0.0.1:2552"), true),
        new NodeHealth(B, false, Role.FOLLOWER, 3, A, "127.0.0.1:2551", 9, 9, 10, 40),
        NodeHealth.recovering(B),
        new RaftEvent.TermAdvanced(4),
        new RaftEvent.VoteCast(4, B),
        new RaftEvent.LogTruncated(9),
        new RaftEvent.SnapshotTaken(snapshot),
        new RaftEvent.ClusterIdentified("cluster-1"),
        new RaftMessage.RequestVoteResult(5, B, false, true),
        new RaftMessage.InstallSnapshotResult(5, B, 10, 6, true),
        new JournalSnapshot(7, A, snapshot, ENTRIES, "cluster-1"));
  }

  private static NodeProtocol.PeerMessage peer(RaftMessage m, String token) {
    return new NodeProtocol.PeerMessage(m, "127.0.0.1:2551", "cluster-1", token);
  }

  /** The frame {@code o}'s serializer writes (actor references as Artery writes them), read back likewise. */
  private static Sample sample(Object o) {
    Serializer serializer = serialization.findSerializerFor(o);
    String manifest = Serializers.manifestFor(serializer, o);
    int id = serializer.identifier();
    return new Sample(serialization.serialize(o).get(), bytes -> deserialize(bytes, id, manifest));
  }

  private static Object deserialize(byte[] bytes, int id, String manifest) throws NotSerializableException {
    return serialization.deserialize(bytes, id, manifest).get();
  }
}
