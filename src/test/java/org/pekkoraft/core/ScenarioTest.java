package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden scenario scripts for the core, in the spirit of etcd-raft's datadriven testdata: one dynamic test per
 * src/test/resources/testdata/*.txt (the format is in the README.md there). Each command's output must equal its
 * expected block; a mismatch fails with a diff naming the script and line. With {@code -Dscenario.rewrite=true}
 * the expected blocks are rewritten from the actual output instead, except blocks under a {@code # BUG:} comment,
 * which state what Raft should do and stay as written.
 */
class ScenarioTest {

  private static final Path TESTDATA =
      Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/testdata");
  private static final boolean REWRITE = Boolean.getBoolean("scenario.rewrite");

  @TestFactory
  Stream<DynamicTest> scripts() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(TESTDATA)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no scenario scripts in " + TESTDATA.toAbsolutePath());
    return files.stream()
        .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
  }

  private static void run(Path file) throws IOException {
    String name = file.getFileName().toString();
    String text = Files.readString(file);
    Script script = Script.parse(name, text);
    ScenarioHarness harness = new ScenarioHarness();
    Map<Integer, List<String>> actual = new HashMap<>();
    List<String> failures = new ArrayList<>();
    for (Case c : script.cases()) {
      List<String> got;
      try {
        got = harness.run(c.command(), c.input());
      } catch (ScenarioHarness.ScriptError e) {
        throw new AssertionError(name + ":" + c.line() + ": " + c.command() + ": " + e.getMessage(), e);
      }
      actual.put(c.line(), got);
      if (!got.equals(c.expected())) {
        failures.add(name + ":" + c.line() + ": " + c.command() + "\n" + diff(c.expected(), got));
      }
    }
    if (REWRITE) {
      String rewritten = script.render(c -> c.knownBug() ? c.expected() : actual.get(c.line()));
      if (!rewritten.equals(text)) {
        Files.writeString(file, rewritten);
      }
      return;
    }
    if (!failures.isEmpty()) {
      fail(failures.get(0) + (failures.size() == 1 ? "" : "\n(" + (failures.size() - 1)
          + " later commands differ too; the first difference is shown)"));
    }
  }

  @Test
  void diffMarksLinesOnlyExpectedAndOnlyActual() {
    assertEquals("--- expected\n+++ actual\n a\n-b\n+c\n d\n+e\n",
        diff(List.of("a", "b", "d"), List.of("a", "c", "d", "e")));
  }

  @Test
  void renderingTheExpectedBlocksGivesTheScriptBack() {
    String text = "# comment\n\ncreate n1\nn1 term=1\n----\nok\n\n# BUG: x\ntick n1\n----\n\nstatus\n----\nn1: a\nn1: b\n";
    Script script = Script.parse("t", text);
    assertEquals(text, script.render(Case::expected));
    assertEquals(List.of(false, true, false), script.cases().stream().map(Case::knownBug).toList());
    assertEquals(List.of(3, 9, 12), script.cases().stream().map(Case::line).toList());
  }

  /** A unified-style diff of two blocks, every line shown: {@code -} expected only, {@code +} actual only. */
  static String diff(List<String> expected, List<String> actual) {
    int n = expected.size();
    int m = actual.size();
    int[][] common = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        common[i][j] = expected.get(i).equals(actual.get(j)) ? common[i + 1][j + 1] + 1
            : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    StringBuilder out = new StringBuilder("--- expected\n+++ actual\n");
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && expected.get(i).equals(actual.get(j))) {
        out.append(' ').append(expected.get(i++)).append('\n');
        j++;
      } else if (j == m || (i < n && common[i + 1][j] >= common[i][j + 1])) {
        out.append('-').append(expected.get(i++)).append('\n');
      } else {
        out.append('+').append(actual.get(j++)).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * One command of a script: {@code line} is the 1-based line of its command line; {@code knownBug} is set when a
   * {@code # BUG:} comment stands in the comment lines right above it.
   */
  record Case(int line, String command, List<String> input, List<String> expected, boolean knownBug) {}

  /**
   * A script file as a list of items: verbatim lines outside any case (blank lines and {@code #} comments), and
   * cases. A case is a command line, optional input lines, a line {@code ----}, and the expected block: every line
   * up to the next blank line or the end of the file. Rendering changes nothing but expected blocks.
   */
  record Script(List<Object> items) {

    static final String SEPARATOR = "----";

    List<Case> cases() {
      return items.stream().filter(Case.class::isInstance).map(Case.class::cast).toList();
    }

    static Script parse(String name, String text) {
      List<String> lines = text.lines().toList();
      List<Object> items = new ArrayList<>();
      boolean bugNoted = false;
      int i = 0;
      while (i < lines.size()) {
        String line = lines.get(i);
        if (line.isBlank() || line.startsWith("#")) {
          bugNoted = line.startsWith("#") && (bugNoted || line.startsWith("# BUG:"));
          items.add(line);
          i++;
          continue;
        }
        int commandLine = ++i;
        List<String> input = new ArrayList<>();
        while (i < lines.size() && !lines.get(i).equals(SEPARATOR) && !lines.get(i).isBlank()) {
          input.add(lines.get(i++));
        }
        if (i == lines.size() || !lines.get(i).equals(SEPARATOR)) {
          throw new IllegalArgumentException(name + ":" + commandLine + ": '" + line + "' has no " + SEPARATOR);
        }
        i++;
        List<String> expected = new ArrayList<>();
        while (i < lines.size() && !lines.get(i).isBlank()) {
          expected.add(lines.get(i++));
        }
        items.add(new Case(commandLine, line, List.copyOf(input), List.copyOf(expected), bugNoted));
        bugNoted = false;
      }
      return new Script(items);
    }

    /** The script's text with each case's expected block replaced by {@code output.apply(case)}. */
    String render(Function<Case, List<String>> output) {
      StringBuilder out = new StringBuilder();
      for (Object item : items) {
        if (item instanceof Case c) {
          out.append(c.command()).append('\n');
          c.input().forEach(line -> out.append(line).append('\n'));
          out.append(SEPARATOR).append('\n');
          output.apply(c).forEach(line -> out.append(line).append('\n'));
        } else {
          out.append(item).append('\n');
        }
      }
      return out.toString();
    }
  }
}
