package org.pekkoraft.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pekkoraft.testkit.TestCertificates;

/** Runs {@code raft} command lines in this JVM and writes node configuration files for launcher tests. */
final class Cli {

  /** What a command line did: its exit code and what it printed. */
  record Result(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }

    List<String> outLines() {
      return out.lines().toList();
    }
  }

  static {
    // The launcher's credentials: certs-dir is set by the build to the test cluster's (TestCertificates), so that
    // the command line and test nodes on TLS share a CA; node-1 to node-5, client and admin are added to it.
    TestCertificates.cluster();
    LocalCertificates.ensure(Endpoints.clientTls().certsDir(), LocalCertificates.defaultNames(),
        new Progress(new PrintStream(OutputStream.nullOutputStream())));
  }

  private Cli() {}

  /** The launcher tests' credentials directory: certs/ for the commands these tests run. */
  static Path certsDir() {
    return Endpoints.clientTls().certsDir();
  }

  static Result run(String... args) {
    return runWithInput(new byte[0], args);
  }

  /** Runs a command line with {@code stdin} as its standard input. */
  static Result runWithInput(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, new ByteArrayInputStream(stdin), o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code command args...} with {@code --nodes=nodes} right after the command. */
  static Result runAgainst(String nodes, String... commandAndArgs) {
    String[] withNodes = new String[commandAndArgs.length + 1];
    withNodes[0] = commandAndArgs[0];
    withNodes[1] = "--nodes=" + nodes;
    System.arraycopy(commandAndArgs, 1, withNodes, 2, commandAndArgs.length - 1);
    return run(withNodes);
  }

  /**
   * Writes {@code <dir>/<name>.conf}: the repository's conf/common.conf for a one-member cluster of {@code node-1}
   * on {@code port} with its data in {@code dataDir}, plus {@code extra} settings.
   */
  static Path nodeConf(Path dir, String name, int port, Path dataDir, String extra) {
    String text = """
        include file(%s)
        pekko.remote.artery.canonical.port = %d
        pekko.cluster.seed-nodes = ["pekko://raft@127.0.0.1:%d"]
        pekko-raft {
          node-id = "node-1"
          data-dir = %s
          members = null
          members { node-1 = "127.0.0.1:%d" }
          # A cluster of its own: a new one.
          initial-cluster-state = new
          # The HTTP API, which conf/common.conf turns on, on any free port.
          http.port = 0
        }
        %s
        """.formatted(StatusMain.quote(Path.of("conf/common.conf").toAbsolutePath().toString()), port, port,
        StatusMain.quote(dataDir.toString()), port, extra);
    return write(dir.resolve(name + ".conf"), text);
  }

  static Path write(Path file, String text) {
    try {
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every path under {@code dir} (empty when it does not exist), to check that nothing was written. */
  static List<Path> contents(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (var files = Files.walk(dir)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
