package org.pekkoraft.launcher;

import java.io.PrintStream;
import java.util.Locale;

/** Prints progress lines stamped with the seconds since it was created, e.g. {@code [ 3.2s] leader is node-2}. */
final class Progress {

  private final PrintStream out;
  private final long start = System.nanoTime();

  Progress(PrintStream out) {
    this.out = out;
  }

  void say(String format, Object... args) {
    out.printf(Locale.ROOT, "[%4.1fs] %s%n", elapsedSeconds(), String.format(Locale.ROOT, format, args));
    out.flush();
  }

  double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
