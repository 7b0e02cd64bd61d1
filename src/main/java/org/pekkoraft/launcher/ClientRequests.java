package org.pekkoraft.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvLimits;

/**
 * Turns a client command line ({@code put}, {@code get}, {@code delete}, {@code cas}, {@code range}, {@code txn})
 * into the KV command it asks for, its keys and values decoded as {@link ByteFormat} says, and checked against
 * {@link KvLimits}, all before anything connects: a bad argument is one line and exit 2.
 */
final class ClientRequests {

  /** The largest {@code --from-file} value read: far above any sensible pekko-raft.max-command-bytes. */
  static final int MAX_FILE_BYTES = 64 << 20;

  static final int DEFAULT_RANGE_LIMIT = 1000;

  private ClientRequests() {}

  static KvCommand parse(String command, Args args, ByteFormat format, InputStream stdin) {
    Parser p = new Parser(args, format);
    Optional<Bytes> file = args.option("from-file").map(path -> readValue(path, stdin));
    KvCommand request = switch (command) {
      case "put" -> file.isPresent()
          ? new KvCommand.Put(p.arity(1, "'put --from-file' takes KEY").key(0), file.get())
          : new KvCommand.Put(p.arity(2, "'put' takes KEY VALUE").key(0), p.value(1, "VALUE"));
      case "get" -> new KvCommand.Get(p.key(0));
      case "delete" -> new KvCommand.Delete(p.key(0));
      case "cas" -> cas(p, args, file);
      case "range" -> range(p, args);
      case "txn" -> txn(p);
      default -> throw new IllegalArgumentException("not a client command: " + command);
    };
    try {
      KvLimits.check(request);
    } catch (IllegalArgumentException e) {
      throw new LauncherException(ExitCodes.USAGE, e.getMessage());
    }
    return request;
  }

  private static KvCommand cas(Parser p, Args args, Optional<Bytes> file) {
    boolean absent = args.flag("absent");
    int newAt = absent ? 1 : 2;
    String shape = "'cas" + (absent ? " --absent" : "") + (file.isPresent() ? " --from-file" : "") + "' takes KEY"
        + (absent ? "" : " EXPECTED") + (file.isPresent() ? "" : " NEW");
    p.arity(file.isPresent() ? newAt : newAt + 1, shape);
    Bytes expected = absent ? null : p.value(1, "EXPECTED");
    return new KvCommand.Cas(p.key(0), expected, file.orElseGet(() -> p.value(newAt, "NEW")));
  }

  /** The first page of {@code range FROM [TO]} or {@code range --prefix PREFIX}; --limit is the caller's. */
  private static KvCommand.Range range(Parser p, Args args) {
    int page = Math.min(rangeLimit(args), KvLimits.MAX_RANGE_ENTRIES);
    if (args.flag("prefix")) {
      return KvCommand.Range.prefix(p.arity(1, "'range --prefix' takes PREFIX").value(0, "PREFIX"), page);
    }
    if (args.positional().isEmpty()) {
      throw args.usage("'range' takes FROM [TO], or --prefix PREFIX");
    }
    Bytes to = args.positional().size() > 1 ? p.value(1, "TO") : null;
    return new KvCommand.Range(p.value(0, "FROM"), to, page);
  }

  /** How many keys {@code range} prints at most: {@code --limit}, read in pages of up to MAX_RANGE_ENTRIES. */
  static int rangeLimit(Args args) {
    return args.intOption("limit", 1, Integer.MAX_VALUE).orElse(DEFAULT_RANGE_LIMIT);
  }

  /**
   * {@code [value KEY VALUE | absent KEY]... then [put KEY VALUE | delete KEY]... [else [put KEY VALUE | delete
   * KEY]...]}.
   */
  private static KvCommand.Txn txn(Parser p) {
    List<KvCommand.Compare> compares = new ArrayList<>();
    int i = 0;
    while (i < p.size() && !p.word(i).equals("then")) {
      switch (p.word(i)) {
        case "value" -> compares.add(new KvCommand.Compare.ValueIs(p.key(i + 1), p.value(i + 2, "VALUE")));
        case "absent" -> compares.add(new KvCommand.Compare.Absent(p.key(i + 1)));
        default -> throw p.args.usage("expected 'value KEY VALUE', 'absent KEY' or 'then', not '" + p.word(i)
            + "'");
      }
      i += p.word(i).equals("value") ? 3 : 2;
    }
    if (i >= p.size()) {
      throw p.args.usage("'txn' needs 'then' after its compares");
    }
    List<KvCommand.TxnOp> success = new ArrayList<>();
    i = ops(p, i + 1, success);
    List<KvCommand.TxnOp> failure = new ArrayList<>();
    if (i < p.size()) {
      i = ops(p, i + 1, failure);
    }
    if (i < p.size()) {
      throw p.args.usage("'else' may come only once");
    }
    return new KvCommand.Txn(compares, success, failure);
  }

  /** Operations from token {@code i} up to an {@code else} or the end; returns where they stopped. */
  private static int ops(Parser p, int i, List<KvCommand.TxnOp> into) {
    while (i < p.size() && !p.word(i).equals("else")) {
      switch (p.word(i)) {
        case "put" -> into.add(new KvCommand.Put(p.key(i + 1), p.value(i + 2, "VALUE")));
        case "delete" -> into.add(new KvCommand.Delete(p.key(i + 1)));
        default -> throw p.args.usage("expected 'put KEY VALUE', 'delete KEY' or 'else', not '" + p.word(i) + "'");
      }
      i += p.word(i).equals("put") ? 3 : 2;
    }
    return i;
  }

  /** The value of {@code --from-file PATH}: the file's bytes as they are; {@code -} reads standard input. */
  private static Bytes readValue(String path, InputStream stdin) {
    String name = path.equals("-") ? "standard input" : path;
    try {
      if (path.equals("-")) {
        return read(stdin, name);
      }
      try (InputStream in = Files.newInputStream(Path.of(path))) {
        return read(in, name);
      }
    } catch (NoSuchFileException e) {
      throw new LauncherException(ExitCodes.USAGE, "--from-file " + name + ": no such file");
    } catch (IOException e) {
      throw new LauncherException(ExitCodes.USAGE, "--from-file " + name + ": " + e.getMessage());
    }
  }

  private static Bytes read(InputStream in, String name) throws IOException {
    byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    if (bytes.length > MAX_FILE_BYTES) {
      throw new LauncherException(ExitCodes.USAGE, "--from-file " + name + " holds more than "
          + (MAX_FILE_BYTES >> 20) + " MiB");
    }
    return Bytes.copyOf(bytes);
  }

  /** Positional arguments decoded in the command's {@link ByteFormat}. */
  private static final class Parser {
    private final Args args;
    private final ByteFormat format;

    Parser(Args args, ByteFormat format) {
      this.args = args;
      this.format = format;
    }

    Parser arity(int count, String shape) {
      if (args.positional().size() != count) {
        int got = args.positional().size();
        throw args.usage(shape + ", got " + got + " argument" + (got == 1 ? "" : "s"));
      }
      return this;
    }

    int size() {
      return args.positional().size();
    }

    /** A keyword of txn, never encoded. */
    String word(int i) {
      return args.positional().get(i);
    }

    Bytes key(int i) {
      return value(i, "KEY");
    }

    Bytes value(int i, String what) {
      if (i >= args.positional().size()) {
        throw args.usage("missing " + what + " at the end");
      }
      return format.parse(args.positional().get(i), what, args);
    }
  }
}
