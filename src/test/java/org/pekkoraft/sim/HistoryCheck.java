package org.pekkoraft.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.pekkoraft.lincheck.HistoryFile;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvModel;
import org.pekkoraft.lincheck.KvOutput;
import org.pekkoraft.lincheck.KvTextCodec;
import org.pekkoraft.lincheck.LinearizabilityChecker;
import org.pekkoraft.lincheck.Operation;
import org.pekkoraft.lincheck.Result;

/**
 * Checks a run's client history for linearizability. Anything but a proof (a violation, or a check that ran out of
 * time) fails with the seed and the checker's explanation, and leaves the history in target/sim-histories for
 * replay with {@link HistoryFile#read}.
 */
final class HistoryCheck {

  static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("sim.checkSeconds", 30));

  private HistoryCheck() {
  }

  static Result verify(long seed, List<Operation<KvInput, KvOutput>> history) {
    Result result = LinearizabilityChecker.check(new KvModel(), history, TIMEOUT);
    if (!result.isLinearizable()) {
      Path file = save(seed, history);
      throw new AssertionError("seed " + seed + ": the client history is " + result.verdict() + ": "
          + result.explanation() + "\nhistory of " + history.size() + " operations written to " + file
          + "\nreplay with -Dsim.seed=" + seed);
    }
    return result;
  }

  static Path save(long seed, List<Operation<KvInput, KvOutput>> history) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "sim-histories"));
      Path file = dir.resolve("seed-" + seed + ".txt");
      HistoryFile.write(file, history, new KvTextCodec());
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
