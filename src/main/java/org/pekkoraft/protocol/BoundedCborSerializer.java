package org.pekkoraft.protocol;

import com.typesafe.config.Config;
import java.io.NotSerializableException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.pekkoraft.core.RaftEvent;

/**
 * Pekko's Jackson CBOR serializer (it keeps the name {@code jackson-cbor} and identifier 33, so everything the
 * journal holds still reads), with the input it must never see refused before Pekko's code runs.
 *
 * <p>Pekko's {@code fromBinary} decompresses whatever starts like a compressed payload, whatever the configured
 * compression: a gzip stream without bound (a 200 KB frame inflated to 200 MB here), and an LZ4 header by
 * allocating the uncompressed size it claims (16 bytes claiming 1.5 GB threw OutOfMemoryError). pekko-raft never
 * compresses CBOR ({@code compression.algorithm = off}, Pekko's default), so a frame that looks compressed is
 * refused. A CBOR document cannot start with gzip's first byte (0x1f), and none of ours starts like LZ4's magic
 * (an array of 7).
 *
 * <p>Contract: every failure of {@link #fromBinary} is a {@link NotSerializableException}, which Artery logs
 * and drops and which fails a journal recovery. Lengths inside the CBOR are bounded by Jackson's stream read
 * constraints ({@code pekko.serialization.jackson.pekko-raft-cbor} in reference.conf) and by the frame itself:
 * Jackson reads strings and byte strings only as far as the input actually goes.
 *
 * <p>Only classes bound to this serializer are read. Pekko's own check asks whether a class is bound to one of
 * its Jackson serializers, which this one is not (so Pekko's JSON serializers, ids 31 and 32, refuse every
 * pekko-raft class); the delegate is told by {@code allowed-class-prefix} and the binding is checked here (the
 * journal's oldest EntriesAppended events, which Jackson wrote, are let through; Pekko's serializer refused them).
 */
public final class BoundedCborSerializer extends SerializerWithStringManifest {

  /** The setting that must name this class; see {@link #requireInstalled}. */
  public static final String SETTING = "pekko.actor.serializers.jackson-cbor";

  private static final int LZ4_MAGIC = 0x87D96DF6;

  /** The delegate's settings: Jackson's read constraints and the classes it may read (reference.conf). */
  private static final String DELEGATE_BINDING = "pekko-raft-cbor";

  private final ExtendedActorSystem system;
  private final int identifier;
  private final JacksonCborSerializer delegate;
  /** Manifests found bound; only those are kept, so that invented names cannot grow it. */
  private final Set<String> bound = ConcurrentHashMap.newKeySet();
  private volatile Serialization serialization;

  public BoundedCborSerializer(ExtendedActorSystem system, String bindingName) {
    this.system = system;
    this.identifier = system.settings().config()
        .getInt("pekko.actor.serialization-identifiers.\"" + bindingName + "\"");
    this.delegate = new JacksonCborSerializer(system, DELEGATE_BINDING);
  }

  @Override
  public int identifier() {
    return identifier;
  }

  @Override
  public String manifest(Object o) {
    return delegate.manifest(o);
  }

  @Override
  public byte[] toBinary(Object o) {
    return delegate.toBinary(o);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    if (looksCompressed(bytes)) {
      throw new NotSerializableException("refused a compressed " + manifest + " (" + bytes.length
          + " bytes): pekko-raft never compresses CBOR, and Pekko would inflate it without bound");
    }
    requireBound(manifest);
    try {
      return delegate.fromBinary(bytes, manifest);
    } catch (Exception e) {
      NotSerializableException failure = new NotSerializableException("corrupt " + manifest + " (" + bytes.length
          + " bytes): " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  /**
   * Fails unless {@link #SETTING} names this class. reference.conf sets it, but a reference.conf read after
   * pekko-raft's wins, and in the fat jar Pekko's is: without this check such a system would run Pekko's
   * serializer, and one small frame could exhaust its heap.
   */
  static void requireInstalled(Config config) {
    String configured = config.getString(SETTING);
    if (!configured.equals(BoundedCborSerializer.class.getName())) {
      throw new IllegalStateException(SETTING + " is " + configured + ", which inflates compressed frames without"
          + " bound; set it to " + BoundedCborSerializer.class.getName() + " in application.conf or as a system"
          + " property (another reference.conf on the classpath overrode pekko-raft's)");
    }
  }

  static boolean looksCompressed(byte[] bytes) {
    boolean gzip = bytes.length >= 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b;
    boolean lz4 = bytes.length >= 4
        && ((bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | bytes[3] & 0xFF) == LZ4_MAGIC;
    return gzip || lz4;
  }

  /**
   * Bound elsewhere now, but Jackson wrote them once: journals from before ReplicationSerializer hold such events,
   * and their recovery must still read them.
   */
  private static final Set<Class<?>> FORMERLY_BOUND = Set.of(RaftEvent.EntriesAppended.class);

  /** The manifest is a class name, with "#version" when a migration is configured. */
  private void requireBound(String manifest) throws NotSerializableException {
    if (bound.contains(manifest)) {
      return;
    }
    int hash = manifest.indexOf('#');
    String className = hash < 0 ? manifest : manifest.substring(0, hash);
    boolean isBound;
    try {
      Class<?> c = Class.forName(className, false, system.dynamicAccess().classLoader());
      isBound = FORMERLY_BOUND.contains(c) || serialization().serializerFor(c) instanceof BoundedCborSerializer;
    } catch (Exception | LinkageError e) {
      isBound = false;
    }
    if (!isBound) {
      throw new NotSerializableException("refused " + manifest + ": not a class bound to jackson-cbor");
    }
    bound.add(manifest);
  }

  /** Looked up on first use: serializers are built while the serialization extension itself is starting. */
  private Serialization serialization() {
    Serialization s = serialization;
    if (s == null) {
      s = SerializationExtension.get(system);
      serialization = s;
    }
    return s;
  }
}
