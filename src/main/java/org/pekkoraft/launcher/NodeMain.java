package org.pekkoraft.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkoraft.http.HttpSettings;
import org.pekkoraft.http.RaftHttpServer;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.node.ClusterIdentity;
import org.pekkoraft.node.InitialClusterState;
import org.pekkoraft.node.RaftMetrics;
import org.pekkoraft.node.RaftNode;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.node.RaftSettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.pekkoraft.protocol.NodeProtocol;

/**
 * {@code raft node}: runs one key-value node in the foreground until Ctrl-C or SIGTERM (coordinated shutdown,
 * exit 0) or until the node stops on its own after a journal failure, or after its seed nodes refused it into
 * their Pekko Cluster (exit 4). Every check that can fail on a mistake (configuration, port in use, data directory
 * locked by a running node) runs before anything is created, and fails with one line and exit code 2.
 */
final class NodeMain {

  /** Set by {@link LocalCluster} on the nodes it starts: exit when the parent's end of stdin closes. */
  static final String EXIT_ON_STDIN_EOF = "raft.exit-on-stdin-eof";
  /** The log file that conf/logback.xml writes to. */
  static final String LOG_FILE = "raft.log.file";
  private static final String JOIN = "pekko-raft.join";
  /** Within bin/raft cluster's 20 s before SIGKILL; the coordinated shutdown phases need well under it. */
  private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(18);
  private static final String INITIAL_STATE = "pekko-raft.initial-cluster-state";
  private static final String INITIAL_TOKEN = "pekko-raft.initial-cluster-token";

  private NodeMain() {}

  static int run(Args args, PrintStream out) {
    NodeConfig node = NodeConfig.load(configFile(args));
    if (args.flag("join")) {
      node = joining(node);
    }
    Optional<String> state = args.option("initial-cluster-state");
    if (state.isPresent()) {
      if (!state.get().equals("new") && !state.get().equals("existing")) {
        throw args.usage("--initial-cluster-state is 'new' or 'existing', not '" + state.get() + "'");
      }
      node = node.with(INITIAL_STATE, state.get());
    }
    Optional<String> token = args.option("initial-cluster-token");
    if (token.isPresent()) {
      node = node.with(INITIAL_TOKEN, token.get());
    }
    Optional<Integer> id = args.intOption("id", 1, 9999);
    if (id.isPresent() && !node.nodeId().isBlank() && !node.nodeId().equals("node-" + id.get())) {
      throw LauncherException.config(Home.show(node.file()) + " is for node '" + node.nodeId() + "', not node-"
          + id.get() + " (--id)");
    }
    Preflight.portFree(node.bindHost(), node.bindPort());
    HttpSettings http = node.http();
    if (http.enabled()) {
      Preflight.portFree(http.hostname(), http.port(), "HTTP");
    }
    Preflight.journalUnlocked(node.journalDir());
    RaftSettings settings;
    try {
      settings = RaftSettings.fromConfig(node.config());
    } catch (RaftSettingsException e) {
      throw LauncherException.config(Home.show(node.file()) + ": " + e.getMessage());
    }
    refuseLostDisk(node, settings);
    return runUntilStopped(node, settings, out);
  }

  /**
   * The node with {@code pekko-raft.join = on}. A node that is an initial voter by its configuration and already
   * has a log is refused: its log need not hold its configuration (the initial one is implied by the members), so
   * joining would make a voter believe it is no member at all.
   */
  private static NodeConfig joining(NodeConfig node) {
    if (node.config().getBoolean(JOIN)) {
      return node;
    }
    if (Preflight.holdsData(node.journalDir())) {
      throw LauncherException.config("--join is for a node with an empty data directory, but "
          + Home.show(node.journalDir()) + " already holds " + node.nodeId() + "'s log: start it without --join, or"
          + " give the new node its own data directory");
    }
    return node.with(JOIN, true);
  }

  /**
   * The check the node itself makes once its journal is open, made before anything starts so that it ends in one
   * line and exit code 2: an initial member with an empty data directory starts only when told it bootstraps.
   */
  private static void refuseLostDisk(NodeConfig node, RaftSettings settings) {
    if (!settings.join() && settings.initialClusterState() == InitialClusterState.EXISTING
        && !Preflight.holdsData(node.journalDir())) {
      throw LauncherException.config(ClusterIdentity.emptyMemberMessage(settings.nodeId(),
          Home.show(node.journalDir()) + " is empty"));
    }
  }

  private static Path configFile(Args args) {
    Optional<String> config = args.option("config");
    if (config.isPresent()) {
      return Path.of(config.get()).toAbsolutePath().normalize();
    }
    return NodeConfig.defaultFile(args.intOption("id", 1, 9999)
        .orElseThrow(() -> args.usage("give --id N (to run conf/node-N.conf) or --config FILE")));
  }

  private static int runUntilStopped(NodeConfig node, RaftSettings settings, PrintStream out) {
    Path logFile = node.dataDir().resolve("node.log");
    try {
      Files.createDirectories(node.dataDir());
    } catch (IOException e) {
      throw LauncherException.config("cannot create data directory " + Home.show(node.dataDir()) + ": " + e);
    }
    // Logback reads this when first used, which is here: nothing has logged yet.
    System.setProperty(LOG_FILE, logFile.toString());
    Logger log = LoggerFactory.getLogger(NodeMain.class);
    log.info("Starting {} at {} with data in {} (log: {}; HTTP API: {})", settings.nodeId(), node.endpoint(),
        Home.show(node.dataDir()), Home.show(logFile), node.httpUrl().orElse("off"));

    AtomicBoolean nodeFailed = new AtomicBoolean();
    NodeExit exitCode = new NodeExit(settings.nodeId().value(), Home.show(logFile));
    ActorSystem<Void> system;
    try {
      system = ActorSystem.create(guardian(settings, node, nodeFailed, log), "raft", node.config());
    } catch (RuntimeException e) {
      log.error("{} could not start: {}", settings.nodeId(), e.toString());
      throw new LauncherException(ExitCodes.USAGE, settings.nodeId() + " could not start: " + e.getMessage(), e);
    }
    exitCode.install(() -> awaitTermination(system));
    if (Boolean.getBoolean(EXIT_ON_STDIN_EOF)) {
      exitWhenStdinCloses(system, System.in, exitCode);
    }
    log.info("{} is running; Ctrl-C or SIGTERM stops it", settings.nodeId());
    if (settings.join()) {
      log.info("{} has join = on: unless its log already holds a configuration, it waits to be added by the leader,"
          + " e.g. bin/raft add-member --id {} --address {}", settings.nodeId(), settings.nodeId(), node.endpoint());
    }
    system.getWhenTerminated().toCompletableFuture().join();
    if (refusedByTheCluster(system)) {
      // Pekko's own error speaks of deploying a new version; the likely cause here is the credentials.
      log.error("{} was refused by the Pekko Cluster of its seed nodes for an incompatible configuration: most"
          + " often its pekko-raft.security.dir holds another peer secret than theirs, or none (their logs name"
          + " the setting)", settings.nodeId());
      exitCode.set(ExitCodes.FAILED);
      out.flush();
      System.err.println("raft: " + settings.nodeId() + " was refused by its cluster (another peer secret than"
          + " the other nodes'?); see " + Home.show(logFile));
    } else if (nodeFailed.get()) {
      exitCode.set(ExitCodes.FAILED);
      out.flush();
      System.err.println("raft: " + settings.nodeId() + " stopped after a failure; see " + Home.show(logFile));
    } else if (!exitCode.wasAsked()) {
      exitCode.set(ExitCodes.FAILED);
      out.flush();
      System.err.println(exitCode.fatalLine());
    }
    exitCode.returning();
    return exitCode.get();
  }

  /**
   * Spawns the node, and its HTTP API when {@code pekko-raft.http.enabled}; stops the whole system if the node stops
   * while the system is not shutting down, or if the HTTP API cannot start.
   */
  private static Behavior<Void> guardian(RaftSettings settings, NodeConfig config, AtomicBoolean nodeFailed,
      Logger log) {
    return Behaviors.setup(ctx -> {
      RaftHttpServer http = config.http().enabled() ? RaftHttpServer.create(settings, config.config()) : null;
      RaftMetrics metrics = http == null ? RaftMetrics.NONE : http.metrics();
      ActorRef<NodeProtocol.Command> node = ctx.spawn(RaftNode.create(settings, new KvStateMachine(), metrics),
          settings.actorName());
      ctx.watch(node);
      if (http != null) {
        ActorSystem<Void> system = ctx.getSystem();
        http.start(system, node).whenComplete((binding, error) -> {
          if (error != null) {
            nodeFailed.set(true);
            log.error("{} could not start its HTTP API on {}:{}: {}; shutting down the process", settings.nodeId(),
                http.settings().hostname(), http.settings().port(), error.getMessage());
            system.terminate();
          }
        });
      }
      return Behaviors.receive(Void.class)
          .onSignal(Terminated.class, t -> {
            if (CoordinatedShutdown.get(ctx.getSystem()).getShutdownReason().isEmpty()) {
              nodeFailed.set(true);
              log.error("{} stopped on its own (see the errors above); shutting down the process",
                  settings.nodeId());
            }
            return Behaviors.stopped();
          })
          .build();
    });
  }

  /** True when the system shut down because a seed node found its configuration incompatible. */
  private static boolean refusedByTheCluster(ActorSystem<Void> system) {
    return CoordinatedShutdown.get(system).getShutdownReason()
        .filter(CoordinatedShutdown.incompatibleConfigurationDetectedReason()::equals).isPresent();
  }

  /** A node started by a parent process dies with it: the parent's end of the pipe closes when it exits. */
  private static void exitWhenStdinCloses(ActorSystem<Void> system, InputStream in, NodeExit exit) {
    Thread watcher = new Thread(() -> {
      try {
        while (in.read() >= 0) {
          // Input is ignored; only the end of it matters.
        }
      } catch (IOException e) {
        // A broken pipe means the same as end of input.
      }
      exit.stopAsked();
      CoordinatedShutdown.get(system).runAll(new ParentExited());
    }, "raft-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /**
   * Waits for the ActorSystem to finish; a shutdown that hangs (with TLS, Artery sometimes never completes its
   * termination: docs/security.md) must not keep the process alive, so it is reported and the process exits.
   * Everything durable was written before any reply, so nothing is lost by exiting.
   */
  private static void awaitTermination(ActorSystem<Void> system) {
    try {
      system.getWhenTerminated().toCompletableFuture().get(SHUTDOWN_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      LoggerFactory.getLogger(NodeMain.class).warn("The node's ActorSystem did not finish shutting down within {} s"
          + " ({}); exiting anyway", SHUTDOWN_LIMIT.toSeconds(), e.toString());
    }
  }

  /** Why the node shut down: the process that started it is gone. */
  private static final class ParentExited implements CoordinatedShutdown.Reason {
    @Override
    public String toString() {
      return "parent process exited";
    }
  }
}
