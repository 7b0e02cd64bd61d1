package org.pekkoraft.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Node processes on this machine, each a {@code raft node --config FILE} in its own JVM: the same java binary,
 * JVM flags and class path as this process. A node's stdout and stderr go to {@code console.log} in its data
 * directory (its log proper is {@code node.log}); it logs nothing to the console. The nodes die with this process:
 * each exits when its stdin (a pipe from here) closes, which happens even on SIGKILL, and a shutdown hook stops
 * them cleanly on a normal exit.
 */
final class LocalCluster implements AutoCloseable {

  /** A node this cluster runs: its id, configuration file and data directory. */
  record Member(String id, Path config, Path dataDir) {
    Path consoleLog() {
      return dataDir.resolve("console.log");
    }

    Path nodeLog() {
      return dataDir.resolve("node.log");
    }
  }

  private static final List<String> NOT_INHERITED = List.of("-XX:TieredStopAtLevel", "-agentlib:", "-javaagent:",
      "-Xrunjdwp", "-D" + Home.PROPERTY + "=", "-D" + NodeMain.EXIT_ON_STDIN_EOF, "-Draft.stdout.level",
      "-D" + Main.LOGBACK_CONFIG);

  private final Map<String, Member> members = new LinkedHashMap<>();
  /** Arguments added to every node's command line. */
  private final List<String> nodeArgs;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "raft-stop-local-nodes");

  LocalCluster(List<Member> members) {
    this(members, List.of());
  }

  /** @param nodeArgs added to every node's {@code raft node} command line */
  LocalCluster(List<Member> members, List<String> nodeArgs) {
    this.nodeArgs = List.copyOf(nodeArgs);
    members.forEach(m -> this.members.put(m.id(), m));
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts (or restarts) a node's process; its console output is appended to its console.log. */
  synchronized Process start(String id) {
    Member member = member(id);
    Process running = processes.get(id);
    if (running != null && running.isAlive()) {
      throw new IllegalStateException(id + " is already running as pid " + running.pid());
    }
    try {
      Files.createDirectories(member.dataDir());
      ProcessBuilder builder = new ProcessBuilder(command(member))
          .directory(Home.root().toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(member.consoleLog().toFile()));
      Process process = builder.start();
      processes.put(id, process);
      return process;
    } catch (IOException e) {
      throw new LauncherException(ExitCodes.FAILED, "cannot start " + id + ": " + e.getMessage(), e);
    }
  }

  /** SIGKILL: the node gets no chance to flush or say goodbye, as in a crash. Waits until it is gone. */
  synchronized void kill(String id) {
    Process process = processes.get(id);
    if (process != null) {
      process.destroyForcibly();
      waitFor(process, 10);
    }
  }

  /** SIGTERM to every running node at once, then waits for them to shut down (SIGKILL after 20 s). */
  synchronized void stopAll() {
    processes.values().stream().filter(Process::isAlive).forEach(Process::destroy);
    for (Process process : processes.values()) {
      if (!waitFor(process, 20)) {
        process.destroyForcibly();
        waitFor(process, 5);
      }
    }
  }

  synchronized Optional<Process> process(String id) {
    return Optional.ofNullable(processes.get(id));
  }

  List<Member> members() {
    return new ArrayList<>(members.values());
  }

  Member member(String id) {
    Member member = members.get(id);
    if (member == null) {
      throw new IllegalArgumentException("no node " + id + " in " + members.keySet());
    }
    return member;
  }

  /** Stops every node and forgets the shutdown hook (which would do the same at exit). */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or has run.
    }
  }

  /** The last line a node printed to its console, e.g. why it refused to start. */
  static String lastConsoleLine(Member member) {
    try {
      List<String> lines = Files.readAllLines(member.consoleLog());
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
    } catch (IOException e) {
      return "(no console output: " + e.getMessage() + ")";
    }
    return "(no console output)";
  }

  private List<String> command(Member member) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
        "java").toString()));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (inherited(arg) && !ClassDataSharing.isCdsFlag(arg)) {
        command.add(arg);
      }
    }
    command.addAll(ClassDataSharing.nodeFlags());
    command.add("-D" + Home.PROPERTY + "=" + Home.root());
    command.add("-D" + NodeMain.EXIT_ON_STDIN_EOF + "=true");
    command.add("-Draft.stdout.level=OFF");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("node");
    command.add("--config");
    command.add(member.config().toString());
    command.addAll(nodeArgs);
    return command;
  }

  /**
   * JVM flags pass on, except a debugger agent (its port is taken), the settings set per node here, and a limit
   * on the JIT meant for short-lived client processes.
   */
  private static boolean inherited(String arg) {
    return NOT_INHERITED.stream().noneMatch(arg::startsWith);
  }

  private static boolean waitFor(Process process, int seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
