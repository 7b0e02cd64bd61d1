package org.pekkoraft.multijvm;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.client.RaftClientSettings;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.node.RaftNode;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.testkit.TestCertificates;

/**
 * A cluster of {@link NodeProcess}es (node-1 .. node-N on 127.0.0.1) plus a client ActorSystem in this JVM, which
 * outlives every node crash. Files go to {@code target/multi-jvm/<name>-<time>/node-N/}. Partitions are cut by
 * sending each node a {@link NodeProtocol.SetLinkFilter}: Raft messages across the cut are dropped in both directions,
 * while control and client messages still get through.
 */
final class ProcessCluster implements AutoCloseable {

  /**
   * Generous: three JVMs starting together on two cores take 5-8 s each, a cluster 10 s or more; with other builds
   * running (load 14 seen) a restarted node took 20 s to recover its journal.
   */
  static final Duration WAIT = Duration.ofSeconds(90);

  final Path runDir;
  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  private final ActorSystem<Void> clientSystem;
  private final RaftClient control;
  private final ClusterStatus status;
  private final Thread killOnExit = new Thread(this::destroyNodes, "kill-node-processes");

  private ProcessCluster(String name, int size, String extraConfig) {
    Path root = repoRoot();
    runDir = root.resolve("target/multi-jvm")
        .resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    List<Integer> ports = FreePorts.pick(size);
    Map<String, Integer> byId = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      byId.put("node-" + (i + 1), ports.get(i));
    }
    byId.forEach((id, port) -> {
      Path dir = runDir.resolve(id);
      Path conf = NodeConf.write(dir.resolve(id + ".conf"), root, id, dir.resolve("data"), byId, extraConfig);
      nodes.put(id, new NodeProcess(id, port, dir, conf, root));
    });
    // A node paused by SIGSTOP does not notice its stdin closing; make sure none outlives this JVM.
    Runtime.getRuntime().addShutdownHook(killOnExit);
    clientSystem = ActorSystem.create(Behaviors.empty(), "client", ConfigFactory.parseString("""
        pekko.actor.provider = remote
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.log-dead-letters = off
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """).withFallback(TestCertificates.tlsConfig(TestCertificates.dir("admin")))
        .withFallback(ConfigFactory.load()));
    control = client(Duration.ofSeconds(1), Duration.ofSeconds(10));
    status = new ClusterStatus(this, control);
  }

  /** Writes the configuration files and starts every node at once. */
  static ProcessCluster start(String name, int size) {
    ProcessCluster cluster = new ProcessCluster(name, size, "");
    System.out.printf("%s: %d node processes, files in %s%n", name, size, cluster.runDir);
    cluster.nodes.values().forEach(NodeProcess::start);
    return cluster;
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
  }

  List<String> ids() {
    return new ArrayList<>(nodes.keySet());
  }

  NodeProcess node(String id) {
    NodeProcess node = nodes.get(id);
    if (node == null) {
      throw new IllegalArgumentException("no node " + id + " in " + nodes.keySet());
    }
    return node;
  }

  int size() {
    return nodes.size();
  }

  ClusterStatus status() {
    return status;
  }

  ActorSystem<Void> clientSystem() {
    return clientSystem;
  }

  /** A new client with its own session; each test client (a 'process' in a history) has one. */
  RaftClient client(Duration attemptTimeout, Duration deadline) {
    Map<NodeId, String> endpoints = new LinkedHashMap<>();
    nodes.values().forEach(n -> endpoints.put(NodeId.of(n.id), n.endpoint()));
    return RaftClient.create(clientSystem, RaftClientSettings.of(endpoints).withAttemptTimeout(attemptTimeout)
        .withDeadline(deadline).withAdminToken(TestCertificates.adminToken()));
  }

  Set<String> others(String... ids) {
    Set<String> rest = new HashSet<>(nodes.keySet());
    rest.removeAll(List.of(ids));
    return rest;
  }

  /** Cuts every Raft link between {@code side} and the rest, in both directions, on every running node. */
  void partition(Set<String> side) {
    partition(side, Set.of());
  }

  /**
   * As {@link #partition(Set)}, leaving out the nodes in {@code skip}: nodes still starting up, which would hold
   * things up until they answer. A node that starts later has no cut of its own, so it bridges the two sides.
   */
  void partition(Set<String> side, Set<String> skip) {
    for (NodeProcess n : nodes.values()) {
      if (!n.running() || skip.contains(n.id)) {
        continue;
      }
      Set<NodeId> blocked = new HashSet<>();
      for (String other : nodes.keySet()) {
        if (side.contains(n.id) != side.contains(other)) {
          blocked.add(NodeId.of(other));
        }
      }
      setLinkFilter(n.id, blocked);
    }
  }

  /** Removes every cut on every running node. */
  void heal() {
    heal(Set.of());
  }

  /** Removes every cut on every running node not in {@code skip} (a restarted node starts with none). */
  void heal(Set<String> skip) {
    nodes.values().stream().filter(n -> n.running() && !skip.contains(n.id)).forEach(n -> setLinkFilter(n.id,
        Set.of()));
  }

  /** Undoes every fault: resumes paused nodes, starts stopped ones, heals, and waits until they all answer. */
  void restoreAll() {
    for (NodeProcess n : nodes.values()) {
      if (n.paused()) {
        n.resume();
      }
      if (!n.running()) {
        n.start();
      }
    }
    nodes.keySet().forEach(id -> status.awaitAnswer(id, WAIT));
    heal();
  }

  /** Fails if a node process exited without being killed by the test (a journal failure, a crash, a bad start). */
  void assertNoNodeDiedOnItsOwn() {
    List<String> died = nodes.values().stream().filter(NodeProcess::diedOnItsOwn).map(NodeProcess::describe)
        .collect(Collectors.toList());
    if (!died.isEmpty()) {
      throw new AssertionError("node processes stopped on their own:\n  " + String.join("\n  ", died));
    }
  }

  /** Every node's state and files, for failure messages. */
  String describe() {
    return nodes.values().stream().map(NodeProcess::describe).collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  private void setLinkFilter(String id, Set<NodeId> blocked) {
    ClientResponse r = Await.value("the link filter of " + id + " to be set to " + blocked, WAIT, () -> {
      try {
        return AskPattern.<NodeProtocol.Command, ClientResponse>ask(ref(id),
                replyTo -> new NodeProtocol.SetLinkFilter(blocked, replyTo), Duration.ofSeconds(2),
                clientSystem.scheduler())
            .toCompletableFuture().get(3, TimeUnit.SECONDS);
      } catch (Exception e) {
        control.reconnect(NodeId.of(id));
        return null;
      }
    });
    if (!(r instanceof ClientResponse.Done)) {
      throw new AssertionError("the link filter was refused by " + id + ": " + r);
    }
  }

  /** The RaftNode actor of {@code id}, addressed from the client system. */
  org.apache.pekko.actor.typed.ActorRef<NodeProtocol.Command> ref(String id) {
    return ActorRefResolver.get(clientSystem).resolveActorRef("pekko://raft@" + node(id).endpoint() + "/user/raft");
  }

  private void destroyNodes() {
    nodes.values().forEach(NodeProcess::destroy);
  }

  /** Kills every node and stops the client system. */
  @Override
  public void close() {
    destroyNodes();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // The JVM is already exiting: the hook is doing the same.
    }
    clientSystem.terminate();
    try {
      clientSystem.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the client ActorSystem did not stop within 30 s", e);
    }
  }
}
