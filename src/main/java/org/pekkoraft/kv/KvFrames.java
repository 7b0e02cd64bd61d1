package org.pekkoraft.kv;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;

/**
 * The building blocks of {@link KvCodec}'s frames: a format version byte, a tag byte, then fields, each byte
 * string an int length and its bytes. The reader checks every length and count against the bytes left before it
 * allocates anything, so a frame cannot make it allocate more than in proportion to the frame's size.
 */
final class KvFrames {

  /** Frames written before the version byte existed start with their tag, always a letter: read as version 1. */
  static final int UNVERSIONED = 0;

  private KvFrames() {}

  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    Writer(byte version, char tag) {
      out.write(version);
      out.write(tag);
    }

    Writer tag(char tag) {
      out.write(tag);
      return this;
    }

    Writer bool(boolean b) {
      out.write(b ? 1 : 0);
      return this;
    }

    Writer integer(int n) {
      out.write(n >>> 24);
      out.write(n >>> 16);
      out.write(n >>> 8);
      out.write(n);
      return this;
    }

    Writer bytes(Bytes b) {
      integer(b.size());
      out.write(b.unsafeArray(), 0, b.size());
      return this;
    }

    /** A key: one KvLimits allows, or an IllegalArgumentException (nothing may encode what no replica accepts). */
    Writer key(Bytes key) {
      KvLimits.checkKey(key);
      return bytes(key);
    }

    /** A presence byte, then the bytes if present. */
    Writer optional(Bytes b) {
      bool(b != null);
      return b == null ? this : bytes(b);
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  static final class Reader {
    private final ByteBuffer in;
    private final int version;

    /** Reads the version (or finds none: {@link #UNVERSIONED}), refusing one above {@code newest}. */
    Reader(byte[] frame, int newest) {
      this.in = ByteBuffer.wrap(frame);
      need(1);
      int first = in.get(0) & 0xFF;
      if (first >= 'A') {
        version = UNVERSIONED;
      } else if (first >= 1 && first <= newest) {
        version = first;
        in.get();
      } else {
        throw new IllegalArgumentException("KV format version " + first + ": this node reads versions 1 to "
            + newest);
      }
    }

    int version() {
      return version;
    }

    int tag() {
      need(1);
      return in.get() & 0xFF;
    }

    boolean bool() {
      int b = tag();
      if (b > 1) {
        throw new IllegalArgumentException("a flag byte of " + b);
      }
      return b == 1;
    }

    int integer() {
      need(4);
      return in.getInt();
    }

    /** An int length, then that many bytes. */
    Bytes bytes() {
      int length = integer();
      if (length < 0) {
        throw new IllegalArgumentException("negative length " + length);
      }
      need(length);
      byte[] b = new byte[length];
      in.get(b);
      return Bytes.wrap(b);
    }

    /** A key as {@link KvLimits} allows, checked before its bytes are read. */
    Bytes key() {
      need(4);
      KvLimits.checkKeySize(in.getInt(in.position()));
      return bytes();
    }

    /** A presence byte, then the bytes if present; null if absent. */
    Bytes optional() {
      return bool() ? bytes() : null;
    }

    /** A count of at most {@code max} items of at least {@code minBytesEach} bytes, which must all fit. */
    int count(int max, int minBytesEach) {
      int count = integer();
      if (count < 0 || count > max || (long) count * minBytesEach > in.remaining()) {
        throw new IllegalArgumentException("a count of " + count + " (at most " + max + ", of at least "
            + minBytesEach + " bytes each, with " + in.remaining() + " bytes left)");
      }
      return count;
    }

    void end() {
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " unexpected trailing bytes");
      }
    }

    private void need(int n) {
      if (in.remaining() < n) {
        throw new IllegalArgumentException("truncated KV message", new EOFException());
      }
    }
  }
}
