package org.pekkoraft.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.node.ArteryShutdown;
import org.pekkoraft.node.RaftNode;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.node.ThreadPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raft nodes in this JVM, each in its own ActorSystem over Artery on 127.0.0.1 with its own LevelDB journal (fsync
 * on, as shipped). A node can be killed (its ActorSystem stopped) and started again on the same directory.
 */
final class BenchCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BenchCluster.class);

  private final Path dir;
  private final long snapshotEvery;
  private final Path credentials;
  private final Map<NodeId, Integer> ports = new LinkedHashMap<>();
  private final Map<NodeId, ActorSystem<Void>> systems = new LinkedHashMap<>();

  /**
   * {@code snapshotEvery}: {@code pekko-raft.snapshot.every-entries}, or -1 for the default; {@code credentials}:
   * the node credentials all nodes share for mutual TLS, or null for plain TCP.
   */
  BenchCluster(Path dir, int size, long snapshotEvery, Path credentials) {
    this.dir = dir;
    this.snapshotEvery = snapshotEvery;
    this.credentials = credentials;
    for (int i = 1; i <= size; i++) {
      ports.put(NodeId.of("node-" + i), LoopbackPorts.free());
    }
  }

  List<NodeId> ids() {
    return new ArrayList<>(ports.keySet());
  }

  Map<NodeId, String> endpoints() {
    Map<NodeId, String> endpoints = new LinkedHashMap<>();
    ports.forEach((id, port) -> endpoints.put(id, "127.0.0.1:" + port));
    return endpoints;
  }

  Path dataDir(NodeId id) {
    return dir.resolve(id.value());
  }

  ActorSystem<Void> system(NodeId id) {
    return systems.get(id);
  }

  boolean running(NodeId id) {
    return systems.containsKey(id);
  }

  void startAll() {
    ports.keySet().forEach(this::start);
  }

  void start(NodeId id) {
    Config config = config(id);
    RaftSettings settings = RaftSettings.fromConfig(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      ctx.spawn(RaftNode.create(settings, new KvStateMachine()), settings.actorName());
      return Behaviors.empty();
    }), "raft", config);
    systems.put(id, system);
  }

  /** Stops the node's ActorSystem and waits until it is gone, journal closed. */
  void kill(NodeId id) {
    ActorSystem<Void> system = systems.remove(id);
    if (system == null) {
      return;
    }
    ArteryShutdown.terminate(system, Duration.ofSeconds(10), LOG);
  }

  @Override
  public void close() {
    ids().forEach(this::kill);
  }

  private Config config(NodeId id) {
    List<String> seeds = ports.entrySet().stream()
        .sorted((a, b) -> a.getKey().equals(id) ? 1 : b.getKey().equals(id) ? -1 : 0)
        .map(e -> "\"pekko://raft@127.0.0.1:" + e.getValue() + "\"").collect(Collectors.toList());
    String members = ports.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\" = \"127.0.0.1:" + e.getValue() + "\"").collect(Collectors.joining("\n"));
    Path data = dataDir(id);
    Config snapshots = snapshotEvery < 0 ? ConfigFactory.empty()
        : ConfigFactory.parseString("pekko-raft.snapshot.every-entries = " + snapshotEvery);
    return ThreadPools.under(snapshots.withFallback(ConfigFactory.parseString("""
        pekko {
          loglevel = WARNING
          loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
          logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
          actor.provider = cluster
          remote.artery.canonical { hostname = "127.0.0.1", port = %d }
          cluster { seed-nodes = [%s], seed-node-timeout = 1s, jmx.multi-mbeans-in-same-jvm = on }
          coordinated-shutdown.exit-jvm = off
          coordinated-shutdown.run-by-jvm-shutdown-hook = off
          # A kill is a crash: stop at once, without first leaving the Pekko cluster while still leading.
          coordinated-shutdown.run-by-actor-system-terminate = off
        }
        pekko-raft.data-dir = "%s"
        pekko-raft { node-id = "%s", members { %s }, initial-cluster-state = new }
        """.formatted(ports.get(id), String.join(", ", seeds), data, id, members)))
        .withFallback(Bench.transport(credentials)));
  }

  static Duration startTimeout() {
    return Duration.ofSeconds(60);
  }
}
