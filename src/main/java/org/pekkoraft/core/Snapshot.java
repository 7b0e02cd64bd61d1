package org.pekkoraft.core;

import java.util.Objects;
import java.util.zip.CRC32C;

/** A state machine snapshot: its metadata and the bytes the state machine wrote. */
public record Snapshot(SnapshotMeta meta, byte[] data) {

  public static final Snapshot NONE = new Snapshot(SnapshotMeta.NONE, new byte[0]);

  public Snapshot {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(data, "data");
  }

  public long lastIncludedIndex() {
    return meta.lastIncludedIndex();
  }

  /** CRC-32C of the data; a receiver checks it before it replaces its state. */
  public long checksum() {
    return checksum(data, data.length);
  }

  static long checksum(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return crc.getValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Snapshot s && meta.equals(s.meta) && java.util.Arrays.equals(data, s.data);
  }

  @Override
  public int hashCode() {
    return meta.hashCode();
  }

  @Override
  public String toString() {
    return "Snapshot[" + meta.lastIncludedIndex() + "@" + meta.lastIncludedTerm() + " " + data.length + "B]";
  }
}
