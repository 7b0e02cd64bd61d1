package org.pekkoraft.protocol;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;

/**
 * Reads what a {@link java.io.DataOutputStream} wrote into one frame, checking every length and count against the
 * bytes that remain before allocating anything for it: a frame can only claim what it carries. Every problem is
 * a {@link NotSerializableException}, the rejection Artery logs and drops and a journal recovery fails on.
 */
final class FrameReader {

  private final ByteBuffer in;

  FrameReader(byte[] frame) {
    this.in = ByteBuffer.wrap(frame);
  }

  int remaining() {
    return in.remaining();
  }

  byte readByte() throws NotSerializableException {
    need(1);
    return in.get();
  }

  /** Only 0 and 1, as {@code writeBoolean} writes them. */
  boolean readBoolean() throws NotSerializableException {
    byte b = readByte();
    if (b != 0 && b != 1) {
      throw new NotSerializableException("boolean byte " + b);
    }
    return b == 1;
  }

  int readInt() throws NotSerializableException {
    need(4);
    return in.getInt();
  }

  long readLong() throws NotSerializableException {
    need(8);
    return in.getLong();
  }

  /** A length-prefixed byte array; the length must be within what remains. */
  byte[] readBytes() throws NotSerializableException {
    int length = readInt();
    if (length < 0) {
      throw new NotSerializableException("negative length " + length);
    }
    need(length);
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  /**
   * A count of items that each take at least {@code minBytesEach} bytes: more than the remaining bytes can hold is
   * a lie, refused before anything is sized by it.
   */
  int readCount(int minBytesEach) throws NotSerializableException {
    int count = readInt();
    if (count < 0 || (long) count * minBytesEach > in.remaining()) {
      throw new NotSerializableException("count " + count + " of items of at least " + minBytesEach
          + " bytes with " + in.remaining() + " bytes left");
    }
    return count;
  }

  /** A string as {@code writeUTF} wrote it: an unsigned 16-bit length, then modified UTF-8. */
  String readUtf() throws NotSerializableException {
    need(2);
    int length = Short.toUnsignedInt(in.getShort(in.position()));
    need(2 + length);
    int start = in.position();
    in.position(start + 2 + length);
    try {
      return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(in.array(), start, 2 + length)));
    } catch (IOException e) {
      throw new NotSerializableException("malformed string: " + e.getMessage());
    }
  }

  String readOptionalUtf() throws NotSerializableException {
    return readBoolean() ? readUtf() : null;
  }

  /** Nothing may follow the last field. */
  void end() throws NotSerializableException {
    if (in.hasRemaining()) {
      throw new NotSerializableException(in.remaining() + " bytes after the end of the frame");
    }
  }

  private void need(int n) throws NotSerializableException {
    if (n > in.remaining()) {
      throw new NotSerializableException("frame ends " + (n - in.remaining()) + " bytes early, at byte "
          + in.position());
    }
  }
}
