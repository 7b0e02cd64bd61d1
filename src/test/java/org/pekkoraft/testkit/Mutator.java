package org.pekkoraft.testkit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Turns a valid frame into a malformed one, the way a bad disk, a bad link or an attacker would: truncation, bit
 * flips, bytes set to edge values, inserted, deleted or repeated ranges, and above all length and count fields set
 * to huge, negative or slightly-too-large values. One to three mutations per frame; all draws come from the
 * caller's generator, so a seed replays the same frames.
 */
public final class Mutator {

  private static final int[] INTERESTING_INTS = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 1 << 30, 0x7FFFFFF0,
      1 << 20, 65_535, 65_536, 0};
  private static final byte[] INTERESTING_BYTES = {0, 1, 2, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, '0', 'A'};

  private final RandomGenerator random;

  public Mutator(RandomGenerator random) {
    this.random = random;
  }

  /** A malformed variant of {@code valid}, which is left as it is. */
  public byte[] mutate(byte[] valid) {
    byte[] b = valid.clone();
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      b = mutateOnce(b);
    }
    return b;
  }

  /** Bytes with no structure at all. */
  public byte[] noise() {
    byte[] b = new byte[random.nextInt(64)];
    random.nextBytes(b);
    return b;
  }

  private byte[] mutateOnce(byte[] b) {
    if (b.length == 0) {
      return new byte[] {INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]};
    }
    switch (random.nextInt(10)) {
      case 0:
        return Arrays.copyOf(b, random.nextInt(b.length));
      case 1:
        for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
      case 2:
        b[random.nextInt(b.length)] = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
        return b;
      case 3:
      case 4:
        return setLengthField(b, 4);
      case 5:
        return setLengthField(b, 2);
      case 6:
        return insert(b);
      case 7:
        return delete(b);
      case 8:
        return repeat(b);
      default:
        return setAnyInt(b);
    }
  }

  /**
   * Finds the places where a big-endian int (or unsigned short) of {@code width} bytes holds a value that could be
   * a length or count of what follows, and sets one of them to an edge value: huge, negative, or just past the end.
   */
  private byte[] setLengthField(byte[] b, int width) {
    List<Integer> candidates = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(b);
    for (int p = 0; p + width <= b.length; p++) {
      long v = width == 4 ? in.getInt(p) : Short.toUnsignedInt(in.getShort(p));
      if (v > 0 && v <= b.length - p - width) {
        candidates.add(p);
      }
    }
    if (candidates.isEmpty()) {
      return setAnyInt(b);
    }
    int p = candidates.get(random.nextInt(candidates.size()));
    int remaining = b.length - p - width;
    int value = switch (random.nextInt(4)) {
      case 0 -> remaining + 1 + random.nextInt(8);
      case 1 -> remaining * (2 + random.nextInt(1000));
      default -> INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
    };
    if (width == 4) {
      in.putInt(p, value);
    } else {
      in.putShort(p, (short) value);
    }
    return b;
  }

  private byte[] setAnyInt(byte[] b) {
    if (b.length < 4) {
      return Arrays.copyOf(b, b.length + 4);
    }
    ByteBuffer.wrap(b).putInt(random.nextInt(b.length - 3), INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)]);
    return b;
  }

  private byte[] insert(byte[] b) {
    int at = random.nextInt(b.length + 1);
    byte[] extra = new byte[1 + random.nextInt(16)];
    random.nextBytes(extra);
    return splice(b, at, at, extra);
  }

  private byte[] delete(byte[] b) {
    int from = random.nextInt(b.length);
    int to = Math.min(b.length, from + 1 + random.nextInt(16));
    return splice(b, from, to, new byte[0]);
  }

  /** Copies a range of the frame to another place in it. */
  private byte[] repeat(byte[] b) {
    int from = random.nextInt(b.length);
    int to = Math.min(b.length, from + 1 + random.nextInt(32));
    int at = random.nextInt(b.length + 1);
    return splice(b, at, at, Arrays.copyOfRange(b, from, to));
  }

  /** {@code b} with the bytes in [from, to) replaced by {@code with}. */
  private static byte[] splice(byte[] b, int from, int to, byte[] with) {
    byte[] out = new byte[b.length - (to - from) + with.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(with, 0, out, from, with.length);
    System.arraycopy(b, to, out, from + with.length, b.length - to);
    return out;
  }
}
