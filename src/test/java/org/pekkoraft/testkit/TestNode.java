package org.pekkoraft.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.node.ArteryShutdown;
import org.pekkoraft.http.HttpSettings;
import org.pekkoraft.http.RaftHttpServer;
import org.pekkoraft.node.RaftMetrics;
import org.pekkoraft.node.RaftNode;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.node.ThreadPools;
import org.slf4j.LoggerFactory;

/**
 * One Raft node in its own ActorSystem, with Artery on 127.0.0.1 and a LevelDB journal (fsync on) in its own
 * directory. Crashing stops the system; starting again opens the same directory on the same port.
 */
public final class TestNode {

  public final String id;
  public final int port;
  public final Path dataDir;
  private final Map<String, Integer> ports;
  private final java.util.Set<String> members;
  private final boolean join;
  private final String extraConfig;
  private ActorSystem<Void> system;
  private volatile boolean raftNodeStopped;
  /** The HTTP API's server and its binding, when the configuration enables it (pekko-raft.http.enabled). */
  private volatile RaftHttpServer http;
  private volatile CompletableFuture<ServerBinding> httpBinding;

  /**
   * @param ports every node's port (seed nodes)
   * @param members the ids in this node's address book and initial configuration
   * @param join start with an empty configuration, to be added by the leader
   */
  TestNode(String id, int port, Path dataDir, Map<String, Integer> ports, java.util.Set<String> members,
      boolean join, String extraConfig) {
    this.id = id;
    this.port = port;
    this.dataDir = dataDir;
    this.ports = ports;
    this.members = members;
    this.join = join;
    this.extraConfig = extraConfig;
  }

  public String endpoint() {
    return "127.0.0.1:" + port;
  }

  public boolean running() {
    return system != null;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public void start() {
    start("");
  }

  /** Starts the node with {@code moreConfig} taking precedence over its usual configuration, for this start. */
  public void start(String moreConfig) {
    if (system != null) {
      throw new IllegalStateException(id + " is already running");
    }
    Config config = ConfigFactory.parseString(moreConfig).withFallback(config()).resolve();
    RaftSettings settings = RaftSettings.fromConfig(config);
    raftNodeStopped = false;
    RaftHttpServer server = HttpSettings.fromConfig(config).enabled() ? RaftHttpServer.create(settings, config)
        : null;
    http = server;
    httpBinding = server == null ? null : new CompletableFuture<>();
    CompletableFuture<ServerBinding> binding = httpBinding;
    Behavior<Void> guardian = Behaviors.<Void>setup(ctx -> {
      RaftMetrics metrics = server == null ? RaftMetrics.NONE : server.metrics();
      ActorRef<NodeProtocol.Command> node = ctx.spawn(RaftNode.create(settings, new KvStateMachine(), metrics),
          settings.actorName());
      ctx.watch(node);
      if (server != null) {
        server.start(ctx.getSystem(), node).whenComplete((b, error) -> {
          if (error == null) {
            binding.complete(b);
          } else {
            binding.completeExceptionally(error);
          }
        });
      }
      return Behaviors.receive(Void.class).onSignal(Terminated.class, t -> {
        raftNodeStopped = true;
        return Behaviors.same();
      }).build();
    });
    system = ActorSystem.create(guardian, "raft", config);
  }

  /**
   * Where the node's HTTP API listens ({@code http://127.0.0.1:port} or {@code https://...}), once it does; for a
   * node started with {@code pekko-raft.http.enabled = on}.
   */
  public URI httpUri() {
    if (httpBinding == null) {
      throw new IllegalStateException(id + " runs no HTTP API (pekko-raft.http.enabled = off)");
    }
    try {
      ServerBinding b = httpBinding.get(startTimeout().toSeconds(), TimeUnit.SECONDS);
      return URI.create(http.scheme() + "://127.0.0.1:" + b.localAddress().getPort());
    } catch (Exception e) {
      throw new IllegalStateException(id + "'s HTTP API did not start", e);
    }
  }

  /** True once the node's Raft actor has stopped on its own while its ActorSystem runs (a refusal, a failure). */
  public boolean raftNodeStopped() {
    return raftNodeStopped;
  }

  /** Stops the node's whole ActorSystem and waits until it is gone (its journal closed). */
  public void crash() {
    if (system == null) {
      return;
    }
    ArteryShutdown.terminate(system, Duration.ofSeconds(10), LoggerFactory.getLogger(TestNode.class));
    system = null;
  }

  Config config() {
    List<String> seeds = ports.entrySet().stream()
        .sorted((a, b) -> a.getKey().equals(id) ? 1 : b.getKey().equals(id) ? -1 : a.getKey().compareTo(b.getKey()))
        .map(e -> "\"pekko://raft@127.0.0.1:" + e.getValue() + "\"")
        .collect(Collectors.toList());
    String memberList = ports.entrySet().stream().filter(e -> members.contains(e.getKey()))
        .map(e -> "\"" + e.getKey() + "\" = \"127.0.0.1:" + e.getValue() + "\"")
        .collect(Collectors.joining("\n"));
    String text = """
        pekko {
          loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
          logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
          loglevel = INFO
          actor.provider = cluster
          remote.artery.canonical { hostname = "127.0.0.1", port = %d }
          cluster {
            seed-nodes = [%s]
            seed-node-timeout = 1s
            jmx.multi-mbeans-in-same-jvm = on
          }
          coordinated-shutdown.exit-jvm = off
          coordinated-shutdown.run-by-jvm-shutdown-hook = off
          # crash() is a crash: the system stops without first leaving the Pekko cluster.
          coordinated-shutdown.run-by-actor-system-terminate = off
        }
        pekko-raft.data-dir = "%s"
        pekko-raft {
          node-id = "%s"
          members { %s }
          join = %s
          # Each test cluster is a new cluster; a restart finds its identity in the journal.
          initial-cluster-state = new
          allow-link-filter = on
        }
        """.formatted(port, String.join(", ", seeds), dataDir, id,
        memberList, join ? "on" : "off");
    return ThreadPools.under(ConfigFactory.parseString(extraConfig).withFallback(ConfigFactory.parseString(text))
        .withFallback(TestCertificates.nodeConfig()));
  }

  static Duration startTimeout() {
    return Duration.ofSeconds(30);
  }
}
