package org.pekkoraft.launcher;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

/**
 * Another process holding a LevelDB database open, as a running node holds its journal: {@link #start} launches
 * it and returns once the database is open; {@link #close} ends it by closing its stdin.
 */
final class LockHolder implements AutoCloseable {

  private final Process process;

  private LockHolder(Process process) {
    this.process = process;
  }

  static LockHolder start(Path dbDir) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LockHolder.class.getName());
    command.add(dbDir.toString());
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"open".equals(line)) {
      process.destroyForcibly();
      throw new IOException("the lock holder did not open " + dbDir + "; it said: " + line);
    }
    return new LockHolder(process);
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** Opens the database at args[0], says "open", and holds it until stdin closes. */
  public static void main(String[] args) throws IOException {
    Files.createDirectories(Path.of(args[0]));
    Options options = new Options().createIfMissing(true);
    try (DB db = JniDBFactory.factory.open(new File(args[0]), options)) {
      System.out.println("open");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Wait for the end of input: the test is done.
      }
    }
  }
}
