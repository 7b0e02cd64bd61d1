package org.pekkoraft.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The repository root that relative paths in {@code conf/} (data directories) and the default {@code conf/}
 * itself are resolved against: the system property {@code raft.home} (set by {@code bin/raft}), else the working
 * directory. A {@code --config FILE} given on the command line is resolved against the working directory, like
 * any file argument.
 */
final class Home {

  static final String PROPERTY = "raft.home";

  private Home() {}

  static Path root() {
    String home = System.getProperty(PROPERTY);
    return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath().normalize();
  }

  static Path conf() {
    return root().resolve("conf");
  }

  /** {@code path} if absolute, else resolved against the root. */
  static Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p.normalize() : root().resolve(p).normalize();
  }

  /** A path to show the user: relative to the root when inside it. */
  static String show(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    return abs.startsWith(root()) ? root().relativize(abs).toString() : abs.toString();
  }

  /** Deletes {@code dir} and everything in it; nothing if it does not exist. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
