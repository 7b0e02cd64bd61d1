package org.pekkoraft.kv;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An immutable string of bytes: the keys and values of the KV store. Equal when their bytes are equal; ordered
 * as unsigned bytes, lexicographically (a proper prefix first), which is the order of keys in a range. Build one
 * from text with {@link #utf8}, from bytes with {@link #copyOf}; {@link #toString} is for people (the text when
 * the bytes are printable UTF-8, else {@code 0x} and hex), not a format to parse back.
 */
public final class Bytes implements Comparable<Bytes> {

  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;
  /** Zero until computed (Arrays.hashCode of the bytes, zero only by chance); the map's keys are hashed often. */
  private int hash;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static Bytes copyOf(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /** Takes {@code bytes} without a copy: the caller hands them over and never changes them again. */
  static Bytes wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes);
  }

  /** The UTF-8 encoding of {@code text} (an unpaired surrogate becomes {@code ?}, as in String#getBytes). */
  public static Bytes utf8(String text) {
    return wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Hex digits (either case, two per byte) to bytes; an odd count or another character is refused. */
  public static Bytes fromHex(String hex) {
    try {
      return wrap(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not hex (two digits 0-9a-f per byte): '" + hex + "'");
    }
  }

  /** Base64 (RFC 4648, the standard alphabet, padding optional) to bytes. */
  public static Bytes fromBase64(String base64) {
    try {
      return wrap(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64: '" + base64 + "'");
    }
  }

  public int size() {
    return bytes.length;
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** The byte at {@code index}, as 0..255. */
  public int byteAt(int index) {
    return bytes[index] & 0xFF;
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The bytes themselves, for this package's encoders, which only read them. */
  byte[] unsafeArray() {
    return bytes;
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Whether the bytes are well-formed UTF-8. */
  public boolean isUtf8() {
    return decodeUtf8().isPresent();
  }

  /**
   * The bytes as UTF-8 text; throws IllegalStateException when they are not well-formed UTF-8 rather than
   * replacing what does not decode (which would make different values read the same).
   */
  public String toUtf8() {
    return decodeUtf8().orElseThrow(() -> new IllegalStateException(
        "not UTF-8 text (" + bytes.length + " bytes: 0x" + toHex() + "); read it as bytes"));
  }

  /**
   * Whether the bytes are text a terminal shows as it is: well-formed UTF-8 without control characters other than
   * tab, line feed and carriage return.
   */
  public boolean isPrintableUtf8() {
    return printableText().isPresent();
  }

  private Optional<String> printableText() {
    return decodeUtf8().filter(text -> text.chars().allMatch(Bytes::printable));
  }

  private static boolean printable(int c) {
    return !Character.isISOControl(c) || c == '\t' || c == '\n' || c == '\r';
  }

  private Optional<String> decodeUtf8() {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
      return Optional.of(chars.toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  public boolean startsWith(Bytes prefix) {
    return bytes.length >= prefix.bytes.length
        && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
  }

  /**
   * The end of the range of keys that start with this prefix: the least byte string greater than all of them
   * (the last byte below 0xFF incremented, the bytes after it dropped). Empty when there is none, for the empty
   * prefix and one of only 0xFF bytes: the range then runs to the end of the key space.
   */
  public Optional<Bytes> prefixEnd() {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(bytes, i + 1);
        end[i]++;
        return Optional.of(new Bytes(end));
      }
    }
    return Optional.empty();
  }

  /** The least byte string greater than this one (this one with a zero byte appended): where the next page starts. */
  public Bytes successor() {
    return new Bytes(Arrays.copyOf(bytes, bytes.length + 1));
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return printableText().orElseGet(() -> "0x" + toHex());
  }
}
