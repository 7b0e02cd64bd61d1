package org.pekkoraft.statemachine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads a snapshot (or any frame) written with {@link java.io.DataOutputStream}, checking every length and count
 * against the bytes that remain before allocating anything for it: whatever the bytes claim, reading them
 * allocates in proportion to their own size. For {@link StateMachine#restore} implementations; every problem is
 * an {@link IllegalArgumentException}.
 */
public final class BoundedReader {

  private final ByteBuffer in;

  public BoundedReader(byte[] bytes) {
    this.in = ByteBuffer.wrap(bytes);
  }

  public int remaining() {
    return in.remaining();
  }

  public byte readByte() {
    need(1);
    return in.get();
  }

  public int readInt() {
    need(4);
    return in.getInt();
  }

  public long readLong() {
    need(8);
    return in.getLong();
  }

  /** An int length, then that many bytes. */
  public byte[] readBytes() {
    byte[] bytes = new byte[readLength()];
    in.get(bytes);
    return bytes;
  }

  /** An int length, then that many bytes of UTF-8. */
  public String readUtf8() {
    int length = readLength();
    String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return s;
  }

  /**
   * A count of items that each take at least {@code minBytesEach} bytes; one the remaining bytes cannot hold is
   * refused before anything is sized by it.
   */
  public int readCount(int minBytesEach) {
    int count = readInt();
    if (count < 0 || (long) count * minBytesEach > in.remaining()) {
      throw new IllegalArgumentException("a count of " + count + " items of at least " + minBytesEach
          + " bytes, with " + in.remaining() + " bytes left");
    }
    return count;
  }

  /** Nothing may follow the last field. */
  public void end() {
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(in.remaining() + " unexpected bytes after the end");
    }
  }

  private int readLength() {
    int length = readInt();
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    need(length);
    return length;
  }

  private void need(int n) {
    if (n > in.remaining()) {
      throw new IllegalArgumentException("truncated: " + n + " bytes needed at byte " + in.position() + ", "
          + in.remaining() + " left");
    }
  }
}
