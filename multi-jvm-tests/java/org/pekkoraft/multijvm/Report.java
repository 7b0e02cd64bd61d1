package org.pekkoraft.multijvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Measurements worth keeping (failover times, nemesis summaries): printed to the test's output and appended to
 * {@code target/multi-jvm/report.txt}, one run after another.
 */
final class Report {

  private Report() {}

  static synchronized void line(String format, Object... args) {
    String text = String.format(format, args);
    System.out.println(text);
    Path file = ProcessCluster.repoRoot().resolve("target/multi-jvm/report.txt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + " " + text + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
