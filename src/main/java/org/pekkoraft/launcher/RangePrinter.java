package org.pekkoraft.launcher;

import java.io.PrintStream;
import java.util.Optional;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvLimits;
import org.pekkoraft.kv.KvResult;

/**
 * {@code raft range}: reads a range page by page (each page one linearizable read, of at most
 * {@link KvLimits#MAX_RANGE_ENTRIES} keys and {@link KvLimits#MAX_RANGE_BYTES}) and prints one line per key, the
 * key, a tab and the value, in the command's {@link ByteFormat}, up to {@code --limit} keys. Text that cannot be
 * shown on one line stops it with exit 2 after the lines before it.
 */
final class RangePrinter {

  private final KvTransport kv;
  private final ByteFormat format;
  private final PrintStream out;
  private final PrintStream err;

  RangePrinter(KvTransport kv, ByteFormat format, PrintStream out, PrintStream err) {
    this.kv = kv;
    this.format = format;
    this.out = out;
    this.err = err;
  }

  /**
   * Prints up to {@code limit} keys of {@code range} (all within the command's deadline, which {@code kv} keeps);
   * says on stderr if more follow.
   */
  int print(KvCommand.Range range, int limit) {
    Bytes from = range.from();
    int printed = 0;
    while (true) {
      int page = Math.min(limit - printed, KvLimits.MAX_RANGE_ENTRIES);
      KvResult.RangeResult result = kv.range(from, range.to(), page);
      for (KvResult.Entry entry : result.entries()) {
        print(entry);
      }
      printed += result.entries().size();
      Optional<Bytes> next = result.nextFrom();
      if (next.isEmpty()) {
        return ExitCodes.OK;
      }
      if (printed >= limit) {
        err.println("raft: more keys follow: stopped at --limit " + limit);
        return ExitCodes.OK;
      }
      from = next.get();
    }
  }

  private void print(KvResult.Entry entry) {
    Optional<byte[]> key = format.print(entry.key(), true, true);
    Optional<byte[]> value = format.print(entry.value(), true, false);
    if (key.isEmpty() || value.isEmpty()) {
      out.flush();
      throw new LauncherException(ExitCodes.USAGE, "the " + (key.isEmpty() ? "key " : "value of key ") + entry.key()
          + " is not printable on one line (" + ByteFormat.size(key.isEmpty() ? entry.key() : entry.value())
          + "): " + ByteFormat.HINT);
    }
    out.writeBytes(key.get());
    out.print('\t');
    out.writeBytes(value.get());
    out.println();
  }
}
