package org.pekkoraft.multijvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node as an operating-system process: {@code java ... org.pekkoraft.launcher.Main node --config FILE} with
 * this JVM's java binary and class path. Its stdout and stderr go to {@code console.log} next to its data
 * directory; its own log is {@code data/node.log}. Restarts reuse the same configuration, so the same port and
 * data directory.
 *
 * <p>A node dies with the test JVM: it runs with {@code -Draft.exit-on-stdin-eof=true} and its stdin is a pipe from
 * here, which the kernel closes when this JVM exits, even by SIGKILL. A node paused by SIGSTOP cannot see that: a
 * paused node has a guard process that resumes it after {@link #PAUSE_GUARD_SECONDS} unless the test does first,
 * and {@link ProcessCluster} kills every node from a shutdown hook.
 */
final class NodeProcess {

  /** Exit code of a process killed by SIGKILL (128 + 9). */
  static final int SIGKILL_EXIT = 137;

  /** The longest a node stays paused should this JVM die while it is: it then exits on its own. */
  static final int PAUSE_GUARD_SECONDS = 60;

  final String id;
  final int port;
  final Path dir;
  final Path config;
  private final Path repoRoot;
  private final String host;
  /** Put before the java command, e.g. {@code ip netns exec NS} to run the node in a network namespace. */
  private final List<String> launchPrefix;
  private Process process;
  private boolean paused;
  private Process pauseGuard;
  private boolean killedByTest;
  private int starts;

  NodeProcess(String id, int port, Path dir, Path config, Path repoRoot) {
    this(id, "127.0.0.1", port, dir, config, repoRoot, List.of());
  }

  /** A node listening on {@code host}, started through {@code launchPrefix} (e.g. in a network namespace). */
  NodeProcess(String id, String host, int port, Path dir, Path config, Path repoRoot, List<String> launchPrefix) {
    this.id = id;
    this.host = host;
    this.port = port;
    this.dir = dir;
    this.config = config;
    this.repoRoot = repoRoot;
    this.launchPrefix = List.copyOf(launchPrefix);
  }

  String endpoint() {
    return host + ":" + port;
  }

  Path dataDir() {
    return dir.resolve("data");
  }

  Path consoleLog() {
    return dir.resolve("console.log");
  }

  Path nodeLog() {
    return dataDir().resolve("node.log");
  }

  /** Starts the process (the JVM takes seconds to come up; this does not wait for it). */
  synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(id + " is already running as pid " + process.pid());
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(consoleLog(), "---- start " + (++starts) + " of " + id + "\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      process = new ProcessBuilder(command())
          .directory(repoRoot.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog().toFile()))
          .start();
      paused = false;
      killedByTest = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + id, e);
    }
  }

  /** SIGKILL, as in a crash: nothing is flushed, nobody is told. Waits until the process is gone. */
  synchronized void kill() {
    if (process == null || !process.isAlive()) {
      return;
    }
    killedByTest = true;
    process.destroyForcibly();
    awaitExit(process);
    paused = false;
    dropPauseGuard();
  }

  /** SIGTERM: a clean shutdown (the node leaves the Pekko cluster and says goodbye). Waits for the exit code. */
  synchronized int stop() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(id + " is not running");
    }
    killedByTest = true;
    process.destroy();
    awaitExit(process);
    return process.exitValue();
  }

  /** SIGSTOP: the process stops where it is; its sockets stay open, so peers see silence, not a crash. */
  synchronized void pause() {
    signal("STOP");
    paused = true;
    try {
      // Outlives this JVM if it dies now (it is not a child that dies with it), and then resumes the node.
      pauseGuard = new ProcessBuilder("sh", "-c", "sleep " + PAUSE_GUARD_SECONDS + "; kill -CONT " + process.pid())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the pause guard of " + id, e);
    }
  }

  /** SIGCONT. */
  synchronized void resume() {
    if (paused) {
      signal("CONT");
      paused = false;
    }
    dropPauseGuard();
  }

  synchronized boolean running() {
    return process != null && process.isAlive();
  }

  synchronized boolean paused() {
    return paused;
  }

  /** Whether the process exited although the test did not kill it: a node is never supposed to stop on its own. */
  synchronized boolean diedOnItsOwn() {
    return process != null && !process.isAlive() && !killedByTest;
  }

  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** Kills the process if it runs; for cleanup, so it never throws. */
  synchronized void destroy() {
    dropPauseGuard();
    if (process != null && process.isAlive()) {
      killedByTest = true;
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** What to look at when something went wrong: the state, the files, and the end of the console output. */
  synchronized String describe() {
    String state = process == null ? "never started"
        : process.isAlive() ? (paused ? "paused" : "running") + " as pid " + process.pid()
        : "exited with " + process.exitValue() + (killedByTest ? " (killed by the test)" : "");
    return id + " on " + endpoint() + ": " + state + "; console " + consoleLog() + ", log " + nodeLog()
        + tail(consoleLog(), 5);
  }

  private List<String> command() {
    List<String> command = new ArrayList<>(launchPrefix);
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    // Up to eight node JVMs share two cores with the build: a small heap and one GC thread each.
    command.add("-Xmx384m");
    command.add("-XX:+UseSerialGC");
    command.add("-Draft.home=" + repoRoot);
    command.add("-Draft.exit-on-stdin-eof=true");
    // The node logs to data/node.log; the console keeps only what the JVM and the launcher print.
    command.add("-Draft.stdout.level=OFF");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.pekkoraft.launcher.Main");
    command.add("node");
    command.add("--config");
    command.add(config.toString());
    return command;
  }

  private void dropPauseGuard() {
    if (pauseGuard != null) {
      pauseGuard.descendants().forEach(ProcessHandle::destroyForcibly);
      pauseGuard.destroyForcibly();
      pauseGuard = null;
    }
  }

  private void signal(String name) {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(id + " is not running: cannot send SIG" + name);
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: "
            + new String(kill.getInputStream().readAllBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + id, e);
    }
  }

  private void awaitExit(Process p) {
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(id + " (pid " + p.pid() + ") survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + id, e);
    }
  }

  static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      List<String> all = Files.readAllLines(file);
      return "\n    | " + String.join("\n    | ", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "\n    (cannot read " + file + ": " + e + ")";
    }
  }
}
