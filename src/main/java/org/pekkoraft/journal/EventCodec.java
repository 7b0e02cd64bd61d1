package org.pekkoraft.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.PersistentRepr$;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * A journal event's stored form: the payload through Pekko serialization (so the bindings in reference.conf decide,
 * e.g. {@code ReplicationSerializer} for appended entries), framed without Pekko's protobuf envelope.
 *
 * <p>Format 1: {@code u8 version | i32 serializer id | u16 manifest length | manifest | u16 writer length | writer
 * uuid | payload bytes}. The persistence id and sequence number live in the key. Decoding checks every length
 * against the bytes that remain before it allocates.
 */
final class EventCodec {

  static final byte VERSION = 1;
  private static final int MAX_SHORT_STRING = 0xFFFF;

  private final Serialization serialization;

  EventCodec(Serialization serialization) {
    this.serialization = serialization;
  }

  /** Encodes one event; throws if its payload cannot be serialized (the write is then rejected, not failed). */
  byte[] encode(PersistentRepr event) {
    Object payload = event.payload();
    Serializer serializer = serialization.findSerializerFor(payload);
    byte[] manifest = utf8(Serializers.manifestFor(serializer, payload), "manifest");
    byte[] writer = utf8(event.writerUuid(), "writer uuid");
    byte[] bytes = serializer.toBinary(payload);
    return ByteBuffer.allocate(1 + 4 + 2 + manifest.length + 2 + writer.length + bytes.length)
        .put(VERSION)
        .putInt(serializer.identifier())
        .putShort((short) manifest.length).put(manifest)
        .putShort((short) writer.length).put(writer)
        .put(bytes)
        .array();
  }

  /** Decodes an event read back from the journal. */
  PersistentRepr decode(String persistenceId, long sequenceNr, byte[] stored) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(stored);
    if (in.remaining() < 1 + 4 + 2) {
      throw corrupt(persistenceId, sequenceNr, "only " + stored.length + " bytes");
    }
    byte version = in.get();
    if (version != VERSION) {
      throw corrupt(persistenceId, sequenceNr, "unknown event format " + version);
    }
    int serializerId = in.getInt();
    String manifest = shortString(in, persistenceId, sequenceNr);
    String writer = shortString(in, persistenceId, sequenceNr);
    byte[] bytes = Arrays.copyOfRange(stored, in.position(), stored.length);
    Object payload = serialization.deserialize(bytes, serializerId, manifest).get();
    return PersistentRepr$.MODULE$.apply(payload, sequenceNr, persistenceId, PersistentRepr$.MODULE$.Undefined(), false,
        ActorRef.noSender(), writer);
  }

  private static String shortString(ByteBuffer in, String persistenceId, long sequenceNr) throws IOException {
    if (in.remaining() < 2) {
      throw corrupt(persistenceId, sequenceNr, "truncated");
    }
    int length = Short.toUnsignedInt(in.getShort());
    if (length > in.remaining()) {
      throw corrupt(persistenceId, sequenceNr, "a field of " + length + " bytes with " + in.remaining() + " left");
    }
    String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }

  private static byte[] utf8(String value, String what) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_SHORT_STRING) {
      throw new IllegalArgumentException("event " + what + " longer than " + MAX_SHORT_STRING + " bytes");
    }
    return bytes;
  }

  private static IOException corrupt(String persistenceId, long sequenceNr, String why) {
    return new IOException("corrupt journal event " + persistenceId + "/" + sequenceNr + ": " + why);
  }
}
