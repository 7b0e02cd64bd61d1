package org.pekkoraft.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.client.RaftClientSettings;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.node.RaftNode;
import org.pekkoraft.protocol.NodeProtocol;

/**
 * A cluster of {@link TestNode}s in this JVM, each in its own ActorSystem over Artery, plus a client ActorSystem
 * that survives node crashes. Partitions go through each node's link filter.
 */
public final class TestCluster implements AutoCloseable {

  private final Map<String, TestNode> nodes = new LinkedHashMap<>();
  private final ActorSystem<Void> clientSystem;
  private final RaftClient client;
  private final KvClient kv;

  private TestCluster(Path dir, int size, int joiners, String extraConfig) {
    this(dir, size, joiners, false, extraConfig);
  }

  /**
   * @param joinersKnowOnlyInitial joiners' address books list only the initial voters (else every node), as when a
   *     node is configured before the cluster grew
   */
  private TestCluster(Path dir, int size, int joiners, boolean joinersKnowOnlyInitial, String extraConfig) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (int i = 1; i <= size + joiners; i++) {
      ports.put("n" + i, Ports.free());
    }
    Set<String> initial = new HashSet<>();
    for (int i = 1; i <= size; i++) {
      initial.add("n" + i);
    }
    for (Map.Entry<String, Integer> e : ports.entrySet()) {
      boolean joiner = !initial.contains(e.getKey());
      Set<String> addressBook = new HashSet<>(joiner && !joinersKnowOnlyInitial ? ports.keySet() : initial);
      addressBook.add(e.getKey());
      nodes.put(e.getKey(), new TestNode(e.getKey(), e.getValue(), dir.resolve(e.getKey()), ports, addressBook,
          joiner, extraConfig));
    }
    clientSystem = ActorSystem.create(Behaviors.empty(), "client", ConfigFactory.parseString("""
        pekko.actor.provider = remote
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """).withFallback(clientTransport(extraConfig)).withFallback(ConfigFactory.load()));
    Map<NodeId, String> endpoints = new LinkedHashMap<>();
    nodes.values().forEach(n -> endpoints.put(NodeId.of(n.id), n.endpoint()));
    client = RaftClient.create(clientSystem, RaftClientSettings.of(endpoints).withDeadline(Duration.ofSeconds(15))
        .withAdminToken(TestCertificates.adminToken()));
    kv = new KvClient(client);
  }

  /** The nodes' transport for the client: mutual TLS with the admin credentials if they run TLS. */
  private static Config clientTransport(String extraConfig) {
    Config extra = ConfigFactory.parseString(extraConfig);
    boolean tls = extra.hasPath("pekko.remote.artery.transport")
        && extra.getString("pekko.remote.artery.transport").equals("tls-tcp");
    return tls ? TestCertificates.tlsConfig(TestCertificates.dir("admin")) : TestCertificates.nodeConfig();
  }

  /** Starts {@code size} nodes n1..nN with data under {@code dir}; {@code extraConfig} overrides settings. */
  public static TestCluster start(Path dir, int size, String extraConfig) {
    TestCluster cluster = new TestCluster(dir, size, 0, extraConfig);
    cluster.nodes.values().forEach(TestNode::start);
    return cluster;
  }

  public static TestCluster start(Path dir, int size) {
    return start(dir, size, "");
  }

  /** Creates the nodes without starting any: start them one by one with {@link TestNode#start()}. */
  public static TestCluster create(Path dir, int size, String extraConfig) {
    return new TestCluster(dir, size, 0, extraConfig);
  }

  /**
   * Starts {@code size} voters n1..nN, and creates (without starting) {@code joiners} more nodes that start with
   * an empty configuration, to be added with membership changes.
   */
  public static TestCluster startWithJoiners(Path dir, int size, int joiners, String extraConfig) {
    return startWithJoiners(dir, size, joiners, false, extraConfig);
  }

  public static TestCluster startWithJoiners(Path dir, int size, int joiners, boolean joinersKnowOnlyInitial,
      String extraConfig) {
    TestCluster cluster = new TestCluster(dir, size, joiners, joinersKnowOnlyInitial, extraConfig);
    for (int i = 1; i <= size; i++) {
      cluster.nodes.get("n" + i).start();
    }
    return cluster;
  }

  public TestNode node(String id) {
    return nodes.get(id);
  }

  public List<String> ids() {
    return new ArrayList<>(nodes.keySet());
  }

  public KvClient kv() {
    return kv;
  }

  public RaftClient client() {
    return client;
  }

  public ActorSystem<Void> clientSystem() {
    return clientSystem;
  }

  /** The node's status, or null if it does not answer within a second. */
  public NodeStatus status(String id) {
    if (!nodes.get(id).running()) {
      return null;
    }
    try {
      return client.status(NodeId.of(id)).toCompletableFuture().get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Waits until exactly one running node among {@code among} leads in the highest term any of them has seen, and
   * returns its id.
   */
  public String awaitLeader(Duration timeout, Set<String> among) {
    return Await.value("a single leader among " + among, timeout, () -> {
      long maxTerm = -1;
      List<String> leaders = new ArrayList<>();
      for (String id : among) {
        NodeStatus s = status(id);
        if (s == null) {
          continue;
        }
        if (s.term() > maxTerm) {
          maxTerm = s.term();
          leaders.clear();
        }
        if (s.role() == Role.LEADER && s.term() == maxTerm) {
          leaders.add(id);
        }
      }
      return leaders.size() == 1 ? leaders.get(0) : null;
    });
  }

  public String awaitLeader(Duration timeout) {
    return awaitLeader(timeout, running());
  }

  public Set<String> running() {
    Set<String> up = new HashSet<>();
    nodes.values().forEach(n -> {
      if (n.running()) {
        up.add(n.id);
      }
    });
    return up;
  }

  /** Waits until every node in {@code ids} has applied at least {@code index}. */
  public void awaitApplied(Set<String> ids, long index, Duration timeout) {
    for (String id : ids) {
      Await.until(id + " to apply index " + index, timeout, () -> {
        NodeStatus s = status(id);
        return s != null && s.lastApplied() >= index;
      });
    }
  }

  /** Cuts every link between {@code side} and the other nodes, in both directions. */
  public void partition(Set<String> side) {
    for (TestNode n : nodes.values()) {
      if (!n.running()) {
        continue;
      }
      Set<NodeId> blocked = new HashSet<>();
      for (String other : nodes.keySet()) {
        if (side.contains(n.id) != side.contains(other)) {
          blocked.add(NodeId.of(other));
        }
      }
      setFilter(n.id, blocked);
    }
  }

  public void heal() {
    for (TestNode n : nodes.values()) {
      if (n.running()) {
        setFilter(n.id, Set.of());
      }
    }
  }

  private void setFilter(String id, Set<NodeId> blocked) {
    ClientResponse r = Await.value("link filter on " + id, Duration.ofSeconds(10), () -> {
      try {
        return AskPattern.<NodeProtocol.Command, ClientResponse>ask(ref(id),
                replyTo -> new NodeProtocol.SetLinkFilter(blocked, replyTo), Duration.ofSeconds(1),
                clientSystem.scheduler())
            .toCompletableFuture().get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        client.reconnect(NodeId.of(id));
        return null;
      }
    });
    if (!(r instanceof ClientResponse.Done)) {
      throw new AssertionError("link filter refused on " + id + ": " + r);
    }
  }

  /** The RaftNode actor of {@code id}, as seen from the client system. */
  public ActorRef<NodeProtocol.Command> ref(String id) {
    return ActorRefResolver.get(clientSystem)
        .resolveActorRef("pekko://raft@" + nodes.get(id).endpoint() + "/user/raft");
  }

  @Override
  public void close() {
    for (TestNode n : nodes.values()) {
      n.crash();
    }
    clientSystem.terminate();
    try {
      clientSystem.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("client system did not stop", e);
    }
  }

  /** A fresh directory for a test's data. */
  public static Path tempDir(String name) {
    try {
      return Files.createTempDirectory("pekko-raft-" + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
