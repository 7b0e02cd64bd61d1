package org.pekkoraft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependency rules that each package's package-info.java states and docs/design.md section 3 tabulates.
 * Every import, and every fully qualified name in the code, counts as a dependency.
 */
class ArchitectureTest {

  private static final Path MAIN = Path.of("src/main/java/org/pekkoraft");

  /** Outside libraries, by the prefix that names them in imports. */
  private static final String PEKKO = "org.apache.pekko";
  private static final String JACKSON = "com.fasterxml";
  private static final String SLF4J = "org.slf4j";
  private static final String CONFIG = "com.typesafe.config";
  private static final String MICROMETER = "io.micrometer";

  /** What each package may depend on besides the JDK and itself: project packages by name, libraries by prefix. */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("core", Set.of()),
      Map.entry("statemachine", Set.of("core")),
      Map.entry("server", Set.of("core", "statemachine", "protocol", SLF4J)),
      Map.entry("protocol", Set.of("core", PEKKO, JACKSON, CONFIG)),
      // LevelDB (native and its pure-Java port) under the journal plugin; scala.: Pekko's journal protocol collections.
      Map.entry("journal", Set.of("core", "protocol", PEKKO, SLF4J, CONFIG, "org.iq80", "org.fusesource", "scala.")),
      // scala.: Pekko's own futures, where node/ works around Artery internals (ArteryShutdown).
      // commons-text: the edit distance that names the nearest valid setting (UnknownSettings).
      Map.entry("node", Set.of("core", "server", "protocol", "journal", "statemachine", "security", PEKKO, SLF4J,
          CONFIG, "scala.", "org.apache.commons.text")),
      Map.entry("security", Set.of("org.bouncycastle")),
      Map.entry("client", Set.of("core", "protocol", PEKKO)),
      Map.entry("kv", Set.of("core", "statemachine", "client")),
      // The HTTP API: Pekko HTTP (under PEKKO), Jackson, Micrometer; it reaches Raft through protocol messages, and
      // the KV store as a library client does (kv's KvClient on a client RaftClient).
      Map.entry("http", Set.of("core", "protocol", "node", "security", "kv", "client", "statemachine", PEKKO,
          JACKSON, MICROMETER, SLF4J, CONFIG)),
      // HdrHistogram: the latency histograms; Jackson: the JSON report.
      Map.entry("bench", Set.of("core", "statemachine", "protocol", "node", "server", "client", "kv", "journal",
          "security", PEKKO, SLF4J, CONFIG, JACKSON, "org.HdrHistogram")),
      // sun.misc.Signal: a node process tells a SIGTERM from another exit (launcher.NodeExit).
      Map.entry("launcher", Set.of("core", "statemachine", "protocol", "node", "server", "client", "kv", "journal",
          "bench", "security", "http", PEKKO, JACKSON, SLF4J, CONFIG, "ch.qos.logback", "sun.misc.Signal")));

  /** The protocol classes the pure server may use: plain records, no Pekko inside. */
  private static final Set<String> PURE_PROTOCOL = Set.of("ClientResponse", "NodeStatus", "CborSerializable",
      "BatchedWrite");

  private static final Pattern QUALIFIED = Pattern.compile(
      "\\b(org\\.pekkoraft\\.[a-z]+(?:\\.[A-Z]\\w*)?|org\\.apache\\.pekko|com\\.fasterxml|org\\.slf4j"
          + "|com\\.typesafe\\.config|ch\\.qos\\.logback|org\\.fusesource|org\\.iq80|io\\.micrometer)\\b");

  @Test
  void everyPackageDependsOnlyOnWhatItsRuleAllows() throws IOException {
    List<String> violations = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = MAIN.relativize(file);
        if (relative.getNameCount() < 2) {
          continue;
        }
        String pkg = relative.getName(0).toString();
        seen.add(pkg);
        Set<String> allowed = ALLOWED.get(pkg);
        if (allowed == null) {
          violations.add(file + ": package '" + pkg + "' has no rule in ArchitectureTest (add one)");
          continue;
        }
        check(file, pkg, allowed, violations);
      }
    }
    assertTrue(seen.containsAll(Set.of("core", "server", "node", "protocol")), "packages not found under " + MAIN);
    assertTrue(violations.isEmpty(), "dependency rules broken (see each package-info.java):\n"
        + String.join("\n", violations));
  }

  @Test
  void nothingDependsOnTheLauncher() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (!MAIN.relativize(file).startsWith("launcher") && Files.readString(file).contains("org.pekkoraft.launcher")) {
          violations.add(file.toString());
        }
      }
    }
    assertTrue(violations.isEmpty(), "only the launcher may name the launcher:\n" + String.join("\n", violations));
  }

  /**
   * Pekko HTTP and Micrometer are optional dependencies of the library: only the HTTP package (and the launcher,
   * which ships them in its jar) may use them, so that a node runs without them.
   */
  @Test
  void onlyTheHttpPackageUsesTheOptionalLibraries() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = MAIN.relativize(file);
        if (relative.getNameCount() < 2 || Set.of("http", "launcher").contains(relative.getName(0).toString())) {
          continue;
        }
        String text = Files.readString(file);
        for (String optional : List.of("org.apache.pekko.http", "io.micrometer")) {
          if (text.contains(optional)) {
            violations.add(file + " uses " + optional);
          }
        }
      }
    }
    assertTrue(violations.isEmpty(), "optional libraries outside org.pekkoraft.http:\n"
        + String.join("\n", violations));
  }

  @Test
  void coreAndServerUseNoClocksThreadsOrRandomOfTheirOwn() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String pkg : List.of("core", "server")) {
      try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String text = Files.readString(file);
          for (String banned : List.of("System.currentTimeMillis", "System.nanoTime", "new Thread", "Instant.now",
              "new Random(", "ThreadLocalRandom", "synchronized", "Thread.sleep")) {
            if (text.contains(banned)) {
              violations.add(file + " uses " + banned);
            }
          }
        }
      }
    }
    assertTrue(violations.isEmpty(), "the core and the driver must be deterministic (time and randomness come from"
        + " their host):\n" + String.join("\n", violations));
  }

  private static void check(Path file, String pkg, Set<String> allowed, List<String> violations) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("import ")) {
        String imported = line.replaceFirst("^import (static )?", "");
        if (!imported.startsWith("java.") && !imported.startsWith("javax.") && !imported.startsWith("org.pekkoraft.")
            && allowed.stream().noneMatch(imported::startsWith)) {
          violations.add(file + ":" + (i + 1) + ": " + pkg + " may not depend on " + imported);
          continue;
        }
      }
      Matcher m = QUALIFIED.matcher(lines.get(i));
      while (m.find()) {
        String why = refusal(pkg, allowed, m.group(1));
        if (why != null) {
          violations.add(file + ":" + (i + 1) + ": " + why + ": " + lines.get(i).strip());
        }
      }
    }
  }

  /** Why {@code pkg} may not name {@code target}, or null when it may. */
  private static String refusal(String pkg, Set<String> allowed, String target) {
    if (target.startsWith("org.pekkoraft.")) {
      String[] parts = target.split("\\.");
      String other = parts[2];
      if (other.equals(pkg)) {
        return null;
      }
      if (!allowed.contains(other)) {
        return pkg + " may not depend on " + other;
      }
      if (pkg.equals("server") && other.equals("protocol") && parts.length > 3 && !PURE_PROTOCOL.contains(parts[3])) {
        return "server may use only the protocol's plain records " + PURE_PROTOCOL;
      }
      return null;
    }
    for (String library : allowed) {
      if (target.startsWith(library)) {
        return null;
      }
    }
    return pkg + " may not depend on " + target;
  }
}
