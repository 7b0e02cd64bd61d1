package org.pekkoraft.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftEvent;
import org.pekkoraft.core.RaftMessage;

/**
 * A compact binary form for what every write crosses: AppendEntries and their results between nodes, and the
 * EntriesAppended events in each node's journal. Jackson CBOR spent about 2 µs writing and 4-5 µs reading each log
 * entry, about a fifth of the Java CPU samples at 64 writers (docs/performance.md); this form writes fixed fields
 * and the command bytes as they are.
 *
 * <p>Everything else a {@link NodeProtocol.PeerMessage} can carry, and configuration entries (rare, and structured),
 * are handed to the Jackson CBOR serializer inside this one; Jackson writes only classes bound to it, which those
 * are (reference.conf). Events written by
 * Jackson before this serializer existed still read, with Jackson: a journal records which serializer wrote what.
 *
 * <p>Every frame written starts with {@link #FORMAT_VERSION}, under the lower-case manifests; a frame of a version
 * this node does not know is refused with a {@link NotSerializableException} saying so. The frames written before
 * the version byte existed, under the upper-case manifests (and still in journals), read as they always did, with
 * an empty peer token.
 *
 * <p>An AppendEntries frame may end with a flags byte after its fields ({@link #QUIESCE}: the leader's quiesce mark).
 * It is written only when a flag is set, so every other frame is byte for byte what version 1 always wrote and
 * older frames read as before; a node without quiescence refuses a quiesce mark as trailing bytes, which costs only
 * that a leader's quiesce mark to it is lost (the follower then times out, and its vote request wakes the leader).
 */
public final class ReplicationSerializer extends SerializerWithStringManifest {

  /** Unique among the serializers of an ActorSystem; Pekko reserves 0-40. */
  static final int IDENTIFIER = 470_118;

  /** The first byte of every frame written. 1: the peer envelope carries a peer token. */
  static final byte FORMAT_VERSION = 1;

  private static final String APPEND = "a";
  private static final String APPEND_RESULT = "r";
  private static final String OTHER_PEER_MESSAGE = "p";
  private static final String ENTRIES_APPENDED = "e";
  private static final Set<String> KINDS = Set.of(APPEND, APPEND_RESULT, OTHER_PEER_MESSAGE, ENTRIES_APPENDED);
  /** The manifests of frames without a version byte, read only; each is its kind's manifest in upper case. */
  private static final Set<String> UNVERSIONED = Set.of("A", "R", "P", "E");

  /** AppendEntries flags, in the optional byte after its fields. Unknown bits are refused. */
  static final byte QUIESCE = 1;

  private static final byte NO_OP = 0;
  private static final byte COMMAND = 1;
  private static final byte REGISTER_CLIENT = 2;
  private static final byte VIA_JACKSON = 3;
  /** The smallest entry: its kind, then an empty Jackson manifest and body. */
  private static final int MIN_ENTRY_BYTES = 1 + 2 + 4;

  private final ExtendedActorSystem system;
  private final long maxAppendBytes;
  private final long maxSnapshotBytes;
  private volatile BoundedCborSerializer jackson;

  public ReplicationSerializer(ExtendedActorSystem system) {
    BoundedCborSerializer.requireInstalled(system.settings().config());
    this.system = system;
    this.maxAppendBytes = system.settings().config().getBytes("pekko-raft.max-append-bytes");
    this.maxSnapshotBytes = system.settings().config().getBytes("pekko-raft.snapshot.max-bytes");
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof NodeProtocol.PeerMessage p) {
      if (p.message() instanceof RaftMessage.AppendEntries) {
        return APPEND;
      }
      return p.message() instanceof RaftMessage.AppendEntriesResult ? APPEND_RESULT : OTHER_PEER_MESSAGE;
    }
    if (o instanceof RaftEvent.EntriesAppended) {
      return ENTRIES_APPENDED;
    }
    throw new IllegalArgumentException("ReplicationSerializer cannot serialize " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint(o));
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(FORMAT_VERSION);
      if (o instanceof NodeProtocol.PeerMessage p) {
        writeOptionalString(out, p.senderEndpoint());
        writeOptionalString(out, p.clusterId());
        out.writeUTF(p.peerToken());
        writeMessage(out, p.message());
      } else if (o instanceof RaftEvent.EntriesAppended e) {
        writeEntries(out, e.entries());
      } else {
        throw new IllegalArgumentException("ReplicationSerializer cannot serialize " + o.getClass().getName());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every length and count in the frame is checked against the bytes that remain before anything is allocated for
   * it. An AppendEntries from a peer may carry at most {@code pekko-raft.max-append-bytes} of commands (a leader
   * never sends more), a snapshot chunk at most that many bytes of a snapshot of at most
   * {@code pekko-raft.snapshot.max-bytes}. Journal events have no such limit: a batch of client writes may exceed
   * it, and the frame, already in memory, bounds them. Every failure is a {@link NotSerializableException}.
   */
  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    boolean versioned = !UNVERSIONED.contains(manifest);
    String kind = versioned ? manifest : manifest.toLowerCase(Locale.ROOT);
    if (!KINDS.contains(kind)) {
      throw new NotSerializableException("unknown manifest '" + manifest + "' for ReplicationSerializer");
    }
    FrameReader in = new FrameReader(bytes);
    if (versioned) {
      readVersion(in, manifest);
    }
    try {
      Object decoded;
      if (kind.equals(ENTRIES_APPENDED)) {
        decoded = new RaftEvent.EntriesAppended(readEntries(in, Long.MAX_VALUE));
      } else {
        String endpoint = in.readOptionalUtf();
        String clusterId = in.readOptionalUtf();
        String peerToken = versioned ? in.readUtf() : "";
        decoded = new NodeProtocol.PeerMessage(readMessage(in, kind), endpoint, clusterId, peerToken);
      }
      in.end();
      return decoded;
    } catch (NotSerializableException | RuntimeException e) {
      NotSerializableException failure = new NotSerializableException("corrupt " + manifest + " frame of "
          + bytes.length + " bytes: " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  private static void readVersion(FrameReader in, String manifest) throws NotSerializableException {
    byte version = in.remaining() > 0 ? in.readByte() : 0;
    if (version != FORMAT_VERSION) {
      throw new NotSerializableException("'" + manifest + "' frame of format version " + version + ": this node"
          + " reads version " + FORMAT_VERSION + " only (the frame is from a newer pekko-raft, or corrupt)");
    }
  }

  /** Room for what {@link #toBinary} writes, so that a batch of entries is not copied while it grows. */
  private static int sizeHint(Object o) {
    List<LogEntry> entries = o instanceof RaftEvent.EntriesAppended e ? e.entries()
        : o instanceof NodeProtocol.PeerMessage p && p.message() instanceof RaftMessage.AppendEntries a ? a.entries()
        : List.of();
    int size = 128;
    for (LogEntry entry : entries) {
      size += entry.sizeInBytes();
    }
    return size;
  }

  private void writeMessage(DataOutputStream out, RaftMessage message) throws IOException {
    if (message instanceof RaftMessage.AppendEntries a) {
      out.writeLong(a.term());
      out.writeUTF(a.from().value());
      out.writeLong(a.prevLogIndex());
      out.writeLong(a.prevLogTerm());
      writeEntries(out, a.entries());
      out.writeLong(a.leaderCommit());
      out.writeLong(a.seq());
      if (a.quiesce()) {
        out.writeByte(QUIESCE);
      }
    } else if (message instanceof RaftMessage.AppendEntriesResult r) {
      out.writeLong(r.term());
      out.writeUTF(r.from().value());
      out.writeBoolean(r.success());
      out.writeLong(r.matchIndex());
      out.writeLong(r.rejectedIndex());
      out.writeLong(r.conflictTerm());
      out.writeLong(r.conflictIndex());
      out.writeLong(r.seq());
    } else {
      writeViaJackson(out, message);
    }
  }

  private RaftMessage readMessage(FrameReader in, String kind) throws NotSerializableException {
    if (kind.equals(APPEND)) {
      long term = in.readLong();
      NodeId from = NodeId.of(in.readUtf());
      long prevLogIndex = in.readLong();
      long prevLogTerm = in.readLong();
      List<LogEntry> entries = readEntries(in, maxAppendBytes);
      long leaderCommit = in.readLong();
      long seq = in.readLong();
      byte flags = in.remaining() > 0 ? in.readByte() : 0;
      if ((flags & ~QUIESCE) != 0) {
        throw new NotSerializableException("unknown AppendEntries flags " + flags);
      }
      return new RaftMessage.AppendEntries(term, from, prevLogIndex, prevLogTerm, entries, leaderCommit, seq,
          (flags & QUIESCE) != 0);
    }
    if (kind.equals(APPEND_RESULT)) {
      return new RaftMessage.AppendEntriesResult(in.readLong(), NodeId.of(in.readUtf()), in.readBoolean(),
          in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }
    RaftMessage message = readViaJackson(in, RaftMessage.class);
    if (message instanceof RaftMessage.InstallSnapshot chunk) {
      checkChunk(chunk);
    }
    return message;
  }

  /** A leader sends chunks of at most max-append-bytes, each within the snapshot's announced size. */
  private void checkChunk(RaftMessage.InstallSnapshot chunk) throws NotSerializableException {
    long size = chunk.totalSize();
    if (chunk.data().length > maxAppendBytes || size < 0 || size > maxSnapshotBytes || chunk.offset() < 0
        || chunk.offset() > size - chunk.data().length) {
      throw new NotSerializableException("snapshot chunk of " + chunk.data().length + " bytes at offset "
          + chunk.offset() + " of " + size + " (chunks up to pekko-raft.max-append-bytes = " + maxAppendBytes
          + ", snapshots up to pekko-raft.snapshot.max-bytes = " + maxSnapshotBytes + ")");
    }
  }

  private void writeEntries(DataOutputStream out, List<LogEntry> entries) throws IOException {
    out.writeInt(entries.size());
    for (LogEntry entry : entries) {
      if (entry instanceof LogEntry.Command c) {
        out.writeByte(COMMAND);
        out.writeLong(c.index());
        out.writeLong(c.term());
        out.writeLong(c.clientId());
        out.writeLong(c.sequence());
        out.writeLong(c.firstUnacknowledged());
        out.writeLong(c.timestamp());
        out.writeInt(c.data().length);
        out.write(c.data());
      } else if (entry instanceof LogEntry.NoOp n) {
        out.writeByte(NO_OP);
        out.writeLong(n.index());
        out.writeLong(n.term());
      } else if (entry instanceof LogEntry.RegisterClient r) {
        out.writeByte(REGISTER_CLIENT);
        out.writeLong(r.index());
        out.writeLong(r.term());
        out.writeLong(r.timestamp());
      } else {
        out.writeByte(VIA_JACKSON);
        writeViaJackson(out, entry);
      }
    }
  }

  /** At most {@code maxCommandBytes} of command data in all. */
  private List<LogEntry> readEntries(FrameReader in, long maxCommandBytes) throws NotSerializableException {
    int count = in.readCount(MIN_ENTRY_BYTES);
    List<LogEntry> entries = new ArrayList<>(count);
    long commandBytes = 0;
    for (int i = 0; i < count; i++) {
      byte kind = in.readByte();
      switch (kind) {
        case COMMAND: {
          long index = in.readLong();
          long term = in.readLong();
          long clientId = in.readLong();
          long sequence = in.readLong();
          long firstUnacknowledged = in.readLong();
          long timestamp = in.readLong();
          byte[] data = in.readBytes();
          commandBytes += data.length;
          if (commandBytes > maxCommandBytes) {
            throw new NotSerializableException("more than " + maxCommandBytes + " bytes of commands");
          }
          entries.add(new LogEntry.Command(index, term, clientId, sequence, firstUnacknowledged, timestamp, data));
          break;
        }
        case NO_OP:
          entries.add(new LogEntry.NoOp(in.readLong(), in.readLong()));
          break;
        case REGISTER_CLIENT:
          entries.add(new LogEntry.RegisterClient(in.readLong(), in.readLong(), in.readLong()));
          break;
        case VIA_JACKSON:
          entries.add(readViaJackson(in, LogEntry.class));
          break;
        default:
          throw new NotSerializableException("unknown log entry kind " + kind);
      }
    }
    return entries;
  }

  /** Jackson's manifest and bytes, length-prefixed. Jackson's own serializer, not this one, writes the object. */
  private void writeViaJackson(DataOutputStream out, Object o) throws IOException {
    BoundedCborSerializer j = jackson();
    byte[] body = j.toBinary(o);
    out.writeUTF(j.manifest(o));
    out.writeInt(body.length);
    out.write(body);
  }

  private <T> T readViaJackson(FrameReader in, Class<T> type) throws NotSerializableException {
    String manifest = in.readUtf();
    Object o = jackson().fromBinary(in.readBytes(), manifest);
    if (!type.isInstance(o)) {
      throw new NotSerializableException(manifest + " is not a " + type.getSimpleName());
    }
    return type.cast(o);
  }

  private static void writeOptionalString(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  /** Created on first use: serializers are built while the serialization extension itself is starting. */
  private BoundedCborSerializer jackson() {
    BoundedCborSerializer j = jackson;
    if (j == null) {
      j = new BoundedCborSerializer(system, "jackson-cbor");
      jackson = j;
    }
    return j;
  }
}
