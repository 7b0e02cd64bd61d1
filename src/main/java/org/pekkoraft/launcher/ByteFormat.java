package org.pekkoraft.launcher;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.pekkoraft.kv.Bytes;

/**
 * How the client commands write keys and values on the command line and print them: as text (UTF-8, the
 * default), or with {@code --hex} or {@code --base64} in that encoding, both ways. Text is printed only when it is
 * printable UTF-8 ({@link Bytes#isPrintableUtf8}); anything else must be asked for in hex or base64, so that what
 * is printed always reads back as the same bytes.
 */
enum ByteFormat {
  TEXT, HEX, BASE64;

  static final String HINT = "use --hex or --base64";

  /** "1 byte", "4 bytes": the size of what could not be shown. */
  static String size(Bytes bytes) {
    return bytes.size() + (bytes.size() == 1 ? " byte" : " bytes");
  }

  static ByteFormat of(Args args) {
    if (args.flag("hex") && args.flag("base64")) {
      throw args.usage("--hex and --base64 exclude each other");
    }
    return args.flag("hex") ? HEX : args.flag("base64") ? BASE64 : TEXT;
  }

  /** An argument in this format ({@code what} names it in the error, e.g. {@code KEY}). */
  Bytes parse(String argument, String what, Args args) {
    try {
      return switch (this) {
        case TEXT -> Bytes.utf8(argument);
        case HEX -> Bytes.fromHex(argument);
        case BASE64 -> Bytes.fromBase64(argument);
      };
    } catch (IllegalArgumentException e) {
      throw args.usage(what + " is " + e.getMessage());
    }
  }

  /**
   * The bytes as this format prints them, or empty when text cannot show them: they are not printable UTF-8, or
   * {@code oneLine} and they hold a line break, or {@code noTabs} and they hold a tab. Text is printed as the bytes
   * themselves (UTF-8, whatever the JVM's default charset), hex and base64 in ASCII.
   */
  Optional<byte[]> print(Bytes bytes, boolean oneLine, boolean noTabs) {
    return switch (this) {
      case HEX -> Optional.of(bytes.toHex().getBytes(StandardCharsets.US_ASCII));
      case BASE64 -> Optional.of(bytes.toBase64().getBytes(StandardCharsets.US_ASCII));
      case TEXT -> {
        byte[] raw = bytes.toByteArray();
        boolean fits = bytes.isPrintableUtf8() && !(oneLine && (contains(raw, '\n') || contains(raw, '\r')))
            && !(noTabs && contains(raw, '\t'));
        yield fits ? Optional.of(raw) : Optional.empty();
      }
    };
  }

  /** Whether UTF-8 {@code bytes} hold the ASCII character {@code c} (no other character's encoding contains it). */
  private static boolean contains(byte[] bytes, char c) {
    for (byte b : bytes) {
      if (b == c) {
        return true;
      }
    }
    return false;
  }
}
