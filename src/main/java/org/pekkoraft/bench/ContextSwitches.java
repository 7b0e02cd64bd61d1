package org.pekkoraft.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's voluntary context switches (a thread blocked, waiting for work or a lock) and live threads, read
 * from Linux's {@code /proc/self/task}: each hand-off between threads on the critical path of a write costs one.
 * Threads that ended during a window take their counts with them, so a window's figure is a lower bound. On a
 * system without {@code /proc} both read -1.
 */
final class ContextSwitches {

  private static final Path TASKS = Path.of("/proc/self/task");

  private ContextSwitches() {}

  /** The sum over live threads, or -1 if the counters cannot be read here. */
  static long voluntary() {
    if (!Files.isDirectory(TASKS)) {
      return -1;
    }
    long sum = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        sum += voluntaryOf(task.resolve("status"));
      }
    } catch (IOException e) {
      return -1;
    }
    return sum;
  }

  /** Live threads of this JVM. */
  static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long voluntaryOf(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("voluntary_ctxt_switches:")) {
          return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // The thread ended between listing and reading: it no longer counts.
    }
    return 0;
  }
}
