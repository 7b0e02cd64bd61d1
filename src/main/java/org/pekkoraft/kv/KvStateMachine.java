package org.pekkoraft.kv;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.pekkoraft.statemachine.BoundedReader;
import org.pekkoraft.statemachine.Codec;
import org.pekkoraft.statemachine.StateMachine;

/**
 * A replicated map of strings. A hash map, because every committed write lands here on every node (a sorted map
 * cost 10% of the CPU at 64 writers in bin/raft bench); snapshots write the keys in sorted order, so that snapshots
 * of equal states are equal bytes.
 *
 * <p>A snapshot starts with {@link #VERSIONED}, then its format version, then the number of keys and each key and
 * value as length-prefixed UTF-8. Snapshots written before the version existed start with the count itself, a
 * non-negative int whose first byte is below 0x80, so they cannot be mistaken for it, and still restore.
 */
public final class KvStateMachine implements StateMachine<KvCommand, KvResult> {

  /** The first byte of a snapshot that carries a format version; no unversioned snapshot starts with it. */
  static final byte VERSIONED = (byte) 0x80;
  static final byte SNAPSHOT_VERSION = 1;

  private HashMap<String, String> data = new HashMap<>();

  @Override
  public KvResult apply(long index, KvCommand command) {
    if (command instanceof KvCommand.Put p) {
      data.put(p.key(), p.value());
      return new KvResult.Done();
    }
    if (command instanceof KvCommand.Delete d) {
      return new KvResult.Deleted(data.remove(d.key()) != null);
    }
    if (command instanceof KvCommand.Cas c) {
      String current = data.get(c.key());
      boolean matches = c.expected() == null ? current == null : c.expected().equals(current);
      if (matches) {
        data.put(c.key(), c.newValue());
      }
      return new KvResult.CasResult(matches, Optional.ofNullable(current));
    }
    return query(command);
  }

  @Override
  public KvResult query(KvCommand query) {
    if (!(query instanceof KvCommand.Get g)) {
      throw new IllegalArgumentException("only get is read-only, not " + query.getClass().getSimpleName());
    }
    return new KvResult.Value(Optional.ofNullable(data.get(g.key())));
  }

  public int size() {
    return data.size();
  }

  @Override
  public byte[] snapshot() {
    return write(data);
  }

  /** A copy of the map (about a millisecond for 10 000 keys), sorted and written when the supplier runs. */
  @Override
  public Supplier<byte[]> snapshotView() {
    Map<String, String> copy = new HashMap<>(data);
    return () -> write(copy);
  }

  private static byte[] write(Map<String, String> data) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSIONED);
      out.writeByte(SNAPSHOT_VERSION);
      out.writeInt(data.size());
      for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces the state, or throws IllegalArgumentException and leaves it unchanged: every count and length is
   * checked against the bytes that remain, so a corrupt snapshot cannot make this allocate more than in proportion
   * to its size.
   */
  @Override
  public void restore(byte[] snapshot) {
    BoundedReader in = new BoundedReader(snapshot);
    if (snapshot.length > 0 && snapshot[0] == VERSIONED) {
      in.readByte();
      byte version = in.readByte();
      if (version != SNAPSHOT_VERSION) {
        throw new IllegalArgumentException("KV snapshot format version " + version + ": this node reads version "
            + SNAPSHOT_VERSION + " only");
      }
    }
    int size = in.readCount(4 + 4);
    HashMap<String, String> restored = new HashMap<>();
    for (int i = 0; i < size; i++) {
      restored.put(in.readUtf8(), in.readUtf8());
    }
    in.end();
    data = restored;
  }

  @Override
  public Codec<KvCommand> commandCodec() {
    return KvCodec.COMMANDS;
  }

  @Override
  public Codec<KvResult> resultCodec() {
    return KvCodec.RESULTS;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }
}
