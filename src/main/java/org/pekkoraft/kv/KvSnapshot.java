package org.pekkoraft.kv;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pekkoraft.statemachine.BoundedReader;

/**
 * {@link KvStateMachine}'s snapshot format: {@link #VERSIONED}, the format version, the number of keys, then each
 * key and value as an int length and its bytes, keys in ascending order ({@link Bytes#compareTo}), so that equal
 * states give equal bytes. Version 1 held the same with keys and values as UTF-8 text, in String order; snapshots
 * written before the version existed start with the count itself, a non-negative int whose first byte is below
 * 0x80, so they cannot be mistaken for a versioned one. Both still restore, their bytes taken as they are.
 */
final class KvSnapshot {

  /** The first byte of a snapshot that carries a format version; no unversioned snapshot starts with it. */
  static final byte VERSIONED = (byte) 0x80;
  static final byte VERSION = 2;
  static final byte TEXT_VERSION = 1;

  private KvSnapshot() {}

  static byte[] write(Map<Bytes, Bytes> data) {
    List<Map.Entry<Bytes, Bytes>> entries = new ArrayList<>(data.entrySet());
    entries.sort(Map.Entry.comparingByKey());
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSIONED);
      out.writeByte(VERSION);
      out.writeInt(entries.size());
      for (Map.Entry<Bytes, Bytes> e : entries) {
        write(out, e.getKey());
        write(out, e.getValue());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(DataOutputStream out, Bytes b) throws IOException {
    out.writeInt(b.size());
    out.write(b.unsafeArray());
  }

  /**
   * The map a snapshot holds, or an IllegalArgumentException: every count and length is checked against the bytes
   * that remain, so a corrupt snapshot cannot make this allocate more than in proportion to its size. Keys are not
   * checked against {@link KvLimits}: a snapshot holds what the log put there, rules or not.
   */
  static HashMap<Bytes, Bytes> read(byte[] snapshot) {
    BoundedReader in = new BoundedReader(snapshot);
    int version = TEXT_VERSION;
    if (snapshot.length > 0 && snapshot[0] == VERSIONED) {
      in.readByte();
      version = in.readByte();
      if (version != VERSION && version != TEXT_VERSION) {
        throw new IllegalArgumentException("KV snapshot format version " + version + ": this node reads versions "
            + TEXT_VERSION + " to " + VERSION);
      }
    }
    int size = in.readCount(4 + 4);
    HashMap<Bytes, Bytes> restored = new HashMap<>();
    Bytes previous = null;
    for (int i = 0; i < size; i++) {
      Bytes key = Bytes.wrap(in.readBytes());
      if (version == VERSION && previous != null && previous.compareTo(key) >= 0) {
        throw new IllegalArgumentException("KV snapshot keys out of order at key " + i);
      }
      restored.put(key, Bytes.wrap(in.readBytes()));
      previous = key;
    }
    in.end();
    return restored;
  }
}
