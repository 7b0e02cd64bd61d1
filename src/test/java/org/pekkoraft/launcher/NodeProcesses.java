package org.pekkoraft.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.pekkoraft.testkit.Await;

/**
 * Real {@code raft node} processes for launcher tests: each a JVM of this test's classpath, its console output in
 * a file. {@link #close} kills whatever is still running.
 */
final class NodeProcesses implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final List<Process> started = new ArrayList<>();

  /**
   * Starts {@code raft node --config conf} with {@code jvmFlags} before the main class and {@code extra} after
   * the command line; {@code exitOnStdinEof} as LocalCluster's nodes have it.
   */
  Process start(Path conf, Path console, boolean exitOnStdinEof, List<String> jvmFlags, String... extra)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
        "--enable-native-access=ALL-UNNAMED", "-D" + Home.PROPERTY + "=" + Path.of("").toAbsolutePath(),
        "-D" + ClientTls.CERTS_DIR + "=" + Cli.certsDir()));
    command.addAll(jvmFlags);
    if (exitOnStdinEof) {
      command.add("-D" + NodeMain.EXIT_ON_STDIN_EOF + "=true");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "node", "--config",
        conf.toString()));
    command.addAll(List.of(extra));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(console.toFile()).start();
    started.add(process);
    return process;
  }

  /** The node logs "recovered" once its journal, and so the LevelDB lock, is open. */
  static void awaitRecovered(Process node, Path console) {
    Await.until("the node to recover its journal", START_TIMEOUT, () -> {
      if (!node.isAlive()) {
        throw new AssertionError("the node exited with " + node.exitValue() + ":\n" + read(console));
      }
      return read(console).contains("recovered:");
    });
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    started.forEach(Process::destroyForcibly);
  }
}
