package org.pekkoraft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the dependency rules of design.md section 3: the Raft core is plain Java. */
class ArchitectureTest {

  private static final Path CORE = Path.of("src/main/java/org/pekkoraft/core");

  @Test
  void coreImportsOnlyTheJdkAndItself() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CORE)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.startsWith("import ") && !line.matches("import (static )?(java\\.|org\\.pekkoraft\\.core\\.).*")) {
            violations.add(file + ":" + (i + 1) + ": " + line);
          }
          if (line.contains("org.apache.pekko") || line.contains("com.fasterxml")) {
            violations.add(file + ":" + (i + 1) + ": " + line);
          }
        }
      }
    }
    assertTrue(Files.isDirectory(CORE), "core package not found at " + CORE.toAbsolutePath());
    assertTrue(violations.isEmpty(), "the core must not depend on Pekko, Jackson or other packages:\n"
        + String.join("\n", violations));
  }

  @Test
  void coreUsesNoClocksThreadsOrRandomOfItsOwn() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CORE)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        for (String banned : List.of("System.currentTimeMillis", "System.nanoTime", "new Thread", "Instant.now",
            "new Random(", "ThreadLocalRandom", "synchronized")) {
          if (text.contains(banned)) {
            violations.add(file + " uses " + banned);
          }
        }
      }
    }
    assertTrue(violations.isEmpty(), "the core must be deterministic:\n" + String.join("\n", violations));
  }
}
