package org.pekkoraft.kv;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.pekkoraft.statemachine.Codec;

/**
 * A compact binary format for KV commands and results: {@link #FORMAT_VERSION}, a tag byte, then length-prefixed
 * UTF-8 strings. Commands are stored in the log, so those written before the version byte existed (a tag first,
 * always a letter) still decode the same on every replica; the version byte is a control character, never a tag.
 * An unknown version, like any malformed input, is an IllegalArgumentException.
 */
public final class KvCodec {

  static final byte FORMAT_VERSION = 1;

  private KvCodec() {}

  public static final Codec<KvCommand> COMMANDS = new Codec<>() {
    @Override
    public byte[] encode(KvCommand c) {
      Writer w = new Writer();
      if (c instanceof KvCommand.Put p) {
        w.tag('P').str(p.key()).str(p.value());
      } else if (c instanceof KvCommand.Get g) {
        w.tag('G').str(g.key());
      } else if (c instanceof KvCommand.Delete d) {
        w.tag('D').str(d.key());
      } else {
        KvCommand.Cas cas = (KvCommand.Cas) c;
        w.tag('C').str(cas.key()).optional(cas.expected()).str(cas.newValue());
      }
      return w.bytes();
    }

    @Override
    public KvCommand decode(byte[] bytes) {
      Reader r = new Reader(bytes);
      int tag = r.tag();
      KvCommand c = switch (tag) {
        case 'P' -> new KvCommand.Put(r.str(), r.str());
        case 'G' -> new KvCommand.Get(r.str());
        case 'D' -> new KvCommand.Delete(r.str());
        case 'C' -> new KvCommand.Cas(r.str(), r.optional(), r.str());
        default -> throw new IllegalArgumentException("unknown KV command tag " + tag);
      };
      r.end();
      return c;
    }
  };

  public static final Codec<KvResult> RESULTS = new Codec<>() {
    @Override
    public byte[] encode(KvResult result) {
      Writer w = new Writer();
      if (result instanceof KvResult.Done) {
        w.tag('K');
      } else if (result instanceof KvResult.Value v) {
        w.tag('V').optional(v.value().orElse(null));
      } else if (result instanceof KvResult.Deleted d) {
        w.tag(d.existed() ? 'X' : 'x');
      } else {
        KvResult.CasResult c = (KvResult.CasResult) result;
        w.tag(c.applied() ? 'S' : 's').optional(c.current().orElse(null));
      }
      return w.bytes();
    }

    @Override
    public KvResult decode(byte[] bytes) {
      Reader r = new Reader(bytes);
      int tag = r.tag();
      KvResult result = switch (tag) {
        case 'K' -> new KvResult.Done();
        case 'V' -> new KvResult.Value(Optional.ofNullable(r.optional()));
        case 'X' -> new KvResult.Deleted(true);
        case 'x' -> new KvResult.Deleted(false);
        case 'S' -> new KvResult.CasResult(true, Optional.ofNullable(r.optional()));
        case 's' -> new KvResult.CasResult(false, Optional.ofNullable(r.optional()));
        default -> throw new IllegalArgumentException("unknown KV result tag " + tag);
      };
      r.end();
      return result;
    }
  };

  private static final class Writer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    private final DataOutputStream out = new DataOutputStream(bytes);

    Writer() {
      bytes.write(FORMAT_VERSION);
    }

    Writer tag(char tag) {
      bytes.write(tag);
      return this;
    }

    Writer str(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      try {
        out.writeInt(utf8.length);
        out.write(utf8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Writer optional(String s) {
      bytes.write(s == null ? 0 : 1);
      return s == null ? this : str(s);
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }

  private static final class Reader {
    private final ByteBuffer in;

    Reader(byte[] bytes) {
      this.in = ByteBuffer.wrap(bytes);
    }

    /** The tag, after the version byte; a tag first (a letter) is the format from before the version. */
    int tag() {
      need(1);
      int first = in.get() & 0xFF;
      if (first >= 'A') {
        return first;
      }
      if (first != FORMAT_VERSION) {
        throw new IllegalArgumentException("KV format version " + first + ": this node reads version "
            + FORMAT_VERSION + " only");
      }
      need(1);
      return in.get() & 0xFF;
    }

    String str() {
      need(4);
      int length = in.getInt();
      if (length < 0) {
        throw new IllegalArgumentException("negative string length " + length);
      }
      need(length);
      String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
      in.position(in.position() + length);
      return s;
    }

    String optional() {
      need(1);
      return in.get() == 0 ? null : str();
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
