package org.pekkoraft.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pekkoraft.statemachine.Codec;

/**
 * A compact binary format for KV commands and results: {@link #FORMAT_VERSION}, a tag byte, then fields, each byte
 * string as an int length and its bytes ({@link KvFrames}). Any malformed input, an unknown version included, is
 * an IllegalArgumentException.
 *
 * <p>Commands are stored in the log, and results in the client sessions of snapshots, so every older format still
 * decodes, the same on every replica: version 1 wrote the same layout with keys and values as UTF-8 text (its
 * bytes are taken as they are: a String's UTF-8 encoding is one-to-one, so keys that were equal stay equal), and
 * before it frames started with the tag (a letter; a version byte is a control character). Version 2 made keys and
 * values bytes, added {@link KvCommand.Range} and {@link KvCommand.Txn}, and made the key rules of
 * {@link KvLimits} part of the format: the encoder refuses a command that breaks them, and decoding one is an
 * error, so on every replica such a command gets the same error result and changes nothing. Version 1 commands
 * decode without those rules, so that commands logged before them apply as they did (the leader refuses new ones
 * that break them: {@link KvStateMachine#validate}). A node of an older version refuses version 2 frames rather
 * than misread them.
 */
public final class KvCodec {

  static final byte FORMAT_VERSION = 2;

  private KvCodec() {}

  public static final Codec<KvCommand> COMMANDS = new Codec<>() {
    @Override
    public byte[] encode(KvCommand c) {
      return encodeCommand(c);
    }

    @Override
    public KvCommand decode(byte[] bytes) {
      KvFrames.Reader r = new KvFrames.Reader(bytes, FORMAT_VERSION);
      KvCommand c = r.version() == FORMAT_VERSION ? decodeCommand(r) : decodeTextCommand(r);
      r.end();
      return c;
    }
  };

  public static final Codec<KvResult> RESULTS = new Codec<>() {
    @Override
    public byte[] encode(KvResult result) {
      return encodeResult(result);
    }

    @Override
    public KvResult decode(byte[] bytes) {
      KvFrames.Reader r = new KvFrames.Reader(bytes, FORMAT_VERSION);
      KvResult result = decodeResult(r, r.version() == FORMAT_VERSION);
      r.end();
      return result;
    }
  };

  private static byte[] encodeCommand(KvCommand c) {
    if (c instanceof KvCommand.Put p) {
      return command('P').key(p.key()).bytes(p.value()).toByteArray();
    }
    if (c instanceof KvCommand.Get g) {
      return command('G').key(g.key()).toByteArray();
    }
    if (c instanceof KvCommand.Delete d) {
      return command('D').key(d.key()).toByteArray();
    }
    if (c instanceof KvCommand.Cas cas) {
      return command('C').key(cas.key()).optional(cas.expected()).bytes(cas.newValue()).toByteArray();
    }
    KvLimits.check(c);
    if (c instanceof KvCommand.Range range) {
      return command('R').bytes(range.from()).optional(range.to()).integer(range.limit()).toByteArray();
    }
    KvCommand.Txn txn = (KvCommand.Txn) c;
    KvFrames.Writer w = command('T').integer(txn.compares().size());
    for (KvCommand.Compare compare : txn.compares()) {
      if (compare instanceof KvCommand.Compare.ValueIs v) {
        w.tag('=').key(v.key()).bytes(v.value());
      } else {
        w.tag('a').key(compare.key());
      }
    }
    writeOps(w, txn.success());
    writeOps(w, txn.failure());
    return w.toByteArray();
  }

  private static KvFrames.Writer command(char tag) {
    return new KvFrames.Writer(FORMAT_VERSION, tag);
  }

  private static void writeOps(KvFrames.Writer w, List<KvCommand.TxnOp> ops) {
    w.integer(ops.size());
    for (KvCommand.TxnOp op : ops) {
      if (op instanceof KvCommand.Put p) {
        w.tag('P').key(p.key()).bytes(p.value());
      } else {
        w.tag('D').key(op.key());
      }
    }
  }

  private static KvCommand decodeCommand(KvFrames.Reader r) {
    int tag = r.tag();
    return switch (tag) {
      case 'P' -> new KvCommand.Put(r.key(), r.bytes());
      case 'G' -> new KvCommand.Get(r.key());
      case 'D' -> new KvCommand.Delete(r.key());
      case 'C' -> new KvCommand.Cas(r.key(), r.optional(), r.bytes());
      case 'R' -> range(r);
      case 'T' -> txn(r);
      default -> throw new IllegalArgumentException("unknown KV command tag " + tag);
    };
  }

  private static KvCommand.Range range(KvFrames.Reader r) {
    Bytes from = r.bytes();
    Bytes to = r.optional();
    int limit = r.integer();
    KvLimits.checkRangeLimit(limit);
    return new KvCommand.Range(from, to, limit);
  }

  /** Each compare and operation takes at least a tag and a key of one byte. */
  private static final int MIN_TXN_ITEM_BYTES = 1 + 4 + 1;

  private static KvCommand.Txn txn(KvFrames.Reader r) {
    int count = r.count(KvLimits.MAX_TXN_OPS, MIN_TXN_ITEM_BYTES);
    List<KvCommand.Compare> compares = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int tag = r.tag();
      compares.add(switch (tag) {
        case '=' -> new KvCommand.Compare.ValueIs(r.key(), r.bytes());
        case 'a' -> new KvCommand.Compare.Absent(r.key());
        default -> throw new IllegalArgumentException("unknown compare tag " + tag);
      });
    }
    return new KvCommand.Txn(compares, readOps(r), readOps(r));
  }

  private static List<KvCommand.TxnOp> readOps(KvFrames.Reader r) {
    int count = r.count(KvLimits.MAX_TXN_OPS, MIN_TXN_ITEM_BYTES);
    List<KvCommand.TxnOp> ops = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int tag = r.tag();
      ops.add(switch (tag) {
        case 'P' -> new KvCommand.Put(r.key(), r.bytes());
        case 'D' -> new KvCommand.Delete(r.key());
        default -> throw new IllegalArgumentException("unknown transaction operation tag " + tag);
      });
    }
    return ops;
  }

  /** Version 1 and before: the four commands of then, keys of any length (as they were logged). */
  private static KvCommand decodeTextCommand(KvFrames.Reader r) {
    int tag = r.tag();
    return switch (tag) {
      case 'P' -> new KvCommand.Put(r.bytes(), r.bytes());
      case 'G' -> new KvCommand.Get(r.bytes());
      case 'D' -> new KvCommand.Delete(r.bytes());
      case 'C' -> new KvCommand.Cas(r.bytes(), r.optional(), r.bytes());
      default -> throw new IllegalArgumentException("unknown KV command tag " + tag);
    };
  }

  private static byte[] encodeResult(KvResult result) {
    if (result instanceof KvResult.Done) {
      return result('K').toByteArray();
    }
    if (result instanceof KvResult.Value v) {
      return result('V').optional(v.value().orElse(null)).toByteArray();
    }
    if (result instanceof KvResult.Deleted d) {
      return result(d.existed() ? 'X' : 'x').toByteArray();
    }
    if (result instanceof KvResult.CasResult c) {
      return result(c.applied() ? 'S' : 's').optional(c.current().orElse(null)).toByteArray();
    }
    if (result instanceof KvResult.RangeResult range) {
      KvFrames.Writer w = result('R').integer(range.entries().size());
      for (KvResult.Entry e : range.entries()) {
        w.bytes(e.key()).bytes(e.value());
      }
      return w.bool(range.more()).toByteArray();
    }
    return result(((KvResult.TxnResult) result).succeeded() ? 'T' : 't').toByteArray();
  }

  private static KvFrames.Writer result(char tag) {
    return new KvFrames.Writer(FORMAT_VERSION, tag);
  }

  /** Keys in results are not checked against KvLimits: a range lists keys stored before those rules too. */
  private static KvResult decodeResult(KvFrames.Reader r, boolean current) {
    int tag = r.tag();
    return switch (tag) {
      case 'K' -> new KvResult.Done();
      case 'V' -> new KvResult.Value(Optional.ofNullable(r.optional()));
      case 'X' -> new KvResult.Deleted(true);
      case 'x' -> new KvResult.Deleted(false);
      case 'S' -> new KvResult.CasResult(true, Optional.ofNullable(r.optional()));
      case 's' -> new KvResult.CasResult(false, Optional.ofNullable(r.optional()));
      case 'R' -> current ? rangeResult(r) : unknownResult(tag);
      case 'T' -> current ? new KvResult.TxnResult(true) : unknownResult(tag);
      case 't' -> current ? new KvResult.TxnResult(false) : unknownResult(tag);
      default -> unknownResult(tag);
    };
  }

  private static KvResult unknownResult(int tag) {
    throw new IllegalArgumentException("unknown KV result tag " + tag);
  }

  private static KvResult.RangeResult rangeResult(KvFrames.Reader r) {
    int count = r.count(KvLimits.MAX_RANGE_ENTRIES, 4 + 4);
    List<KvResult.Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      entries.add(new KvResult.Entry(r.bytes(), r.bytes()));
    }
    boolean more = r.bool();
    if (more && count == 0) {
      throw new IllegalArgumentException("a range result with more keys to come but none in it");
    }
    return new KvResult.RangeResult(entries, more);
  }
}
