package org.pekkoraft.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.pekkoraft.kv.Bytes;

/**
 * How the KV routes write keys and values as JSON strings and in the path, chosen per request by the query
 * parameter {@code encoding}: {@link #TEXT} (UTF-8, the default) or {@link #BASE64}. Nothing is ever altered to fit:
 * text that is not well-formed UTF-8 is refused, never replaced by U+FFFD, so that two different byte strings never
 * read the same.
 */
enum KvEncoding {

  /** UTF-8 text, in bodies and (percent-encoded) in the path. */
  TEXT,
  /** Standard base64 (RFC 4648 section 4) in bodies; URL-safe base64 (section 5, padding optional) in the path. */
  BASE64;

  /** A byte string that this encoding cannot show: the answer is refused with 422 rather than altered. */
  static final class Unencodable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unencodable(String message) {
      super(message, null, false, false);
    }
  }

  /** The encoding the query parameter names; absent means {@link #TEXT}. */
  static KvEncoding of(Optional<String> parameter) {
    String name = parameter.orElse("text");
    return switch (name) {
      case "text" -> TEXT;
      case "base64" -> BASE64;
      default -> throw new Json.BadRequest("unknown encoding '" + name + "': use encoding=text or encoding=base64");
    };
  }

  /** A key or value from a request body's {@code field}. */
  Bytes fromBody(String field, String encoded) {
    if (this == TEXT) {
      return Bytes.utf8(encoded);
    }
    try {
      return Bytes.copyOf(Base64.getDecoder().decode(encoded));
    } catch (IllegalArgumentException e) {
      throw new Json.BadRequest("field '" + field + "' is not standard base64 (RFC 4648, A-Z a-z 0-9 + / =)");
    }
  }

  /** A key or value for an answer body. */
  String toBody(Bytes bytes) {
    if (this == BASE64) {
      return bytes.toBase64();
    }
    if (!bytes.isUtf8()) {
      throw new Unencodable("a key or value in the answer is not UTF-8 text (" + bytes.size() + " bytes); ask"
          + " again with encoding=base64");
    }
    return bytes.toUtf8();
  }

  /**
   * A range bound or prefix from the query string ({@code parameter} names it in the error): text, or URL-safe
   * base64 as in the path. Standard base64 is taken too, when its {@code +} and {@code /} are percent-encoded.
   */
  Bytes fromQuery(String parameter, String value) {
    if (this == TEXT) {
      return Bytes.utf8(value);
    }
    try {
      return Bytes.copyOf(Base64.getUrlDecoder().decode(value.replace('+', '-').replace('/', '_')));
    } catch (IllegalArgumentException e) {
      throw new Json.BadRequest("parameter '" + parameter + "' is not URL-safe base64 (RFC 4648 section 5: A-Z a-z"
          + " 0-9 - _, padding optional)");
    }
  }

  /**
   * The key in the path: {@code path} is what follows {@code /kv/}, as Pekko gives it (percent-encoded again after
   * its own decoding). Pekko decodes the request line as UTF-8 and replaces what is not UTF-8 by U+FFFD, so in text
   * mode a key with U+FFFD is refused: it may not be the key that was sent. Any key can be given in base64.
   */
  Bytes fromPath(String path) {
    byte[] decoded = percentDecode(path);
    if (this == TEXT) {
      try {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(decoded)).toString();
        if (text.indexOf('\uFFFD') < 0) {
          return Bytes.copyOf(decoded);
        }
      } catch (CharacterCodingException e) {
        // answered below
      }
      throw new Json.BadRequest("the key in the path is not UTF-8 text (or has U+FFFD); give it in URL-safe base64"
          + " with encoding=base64");
    }
    try {
      return Bytes.copyOf(Base64.getUrlDecoder().decode(decoded));
    } catch (IllegalArgumentException e) {
      throw new Json.BadRequest("the key in the path is not URL-safe base64 (RFC 4648 section 5: A-Z a-z 0-9 - _,"
          + " padding optional)");
    }
  }

  private static byte[] percentDecode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      int escape = raw.indexOf('%', i);
      int end = escape < 0 ? raw.length() : escape;
      out.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
      if (escape < 0) {
        break;
      }
      int high = escape + 2 < raw.length() ? Character.digit(raw.charAt(escape + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(raw.charAt(escape + 2), 16);
      if (low < 0) {
        throw new Json.BadRequest("the key in the path has an invalid %-escape (expected % and two hex digits)");
      }
      out.write(high * 16 + low);
      i = escape + 3;
    }
    return out.toByteArray();
  }
}
