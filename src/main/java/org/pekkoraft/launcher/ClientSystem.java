package org.pekkoraft.launcher;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.client.RaftClientSettings;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.node.ThreadPools;
import org.pekkoraft.security.CertificateRole;

/**
 * A small, quiet ActorSystem for talking to nodes: remoting over Artery (mutual TLS with the client or admin
 * certificate, unless the cluster runs plain TCP) on an ephemeral port, errors only in the
 * log, no JVM shutdown hook of its own. Nodes answer to its address, so it listens on the local address that
 * routes to the first node (127.0.0.1 for a local cluster).
 */
final class ClientSystem implements AutoCloseable {

  private final ActorSystem<Void> system;
  private final RaftClient client;
  private final String actorName;
  private final Duration attemptTimeout;
  private final Duration deadline;
  private final String adminToken;
  /** Clients by their starting nodes and deadline: polling loops ask again and again, each would add an actor. */
  private final Map<List<Object>, RaftClient> clients = new ConcurrentHashMap<>();

  /** A client of {@code role}: admins send the admin secret with membership changes and transfers. */
  ClientSystem(Endpoints endpoints, Duration attemptTimeout, Duration deadline, CertificateRole role) {
    Main.initializeLogging();
    String host = localAddressTowards(endpoints.nodes().values().iterator().next());
    system = ActorSystem.create(Behaviors.empty(), "raft-client", ThreadPools.under(ConfigFactory.parseString("""
        pekko {
          loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
          logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
          loglevel = ERROR
          stdout-loglevel = OFF
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          actor.provider = remote
          remote.artery.canonical { hostname = "%s", port = 0 }
          coordinated-shutdown.run-by-jvm-shutdown-hook = off
        }
        """.formatted(host)).withFallback(endpoints.tls().artery(role))));
    actorName = endpoints.actorName();
    adminToken = endpoints.tls().adminToken(role);
    this.attemptTimeout = attemptTimeout;
    this.deadline = deadline;
    client = clientFor(endpoints.nodes(), deadline);
  }

  /**
   * Another client on this system that starts from {@code nodes} (e.g. only the leader, or nodes learned after
   * start-up) and gives each request {@code deadline}.
   */
  RaftClient clientFor(Map<NodeId, String> nodes, Duration deadline) {
    return clients.computeIfAbsent(List.of(Map.copyOf(nodes), deadline), key -> RaftClient.create(system,
        new RaftClientSettings(nodes, "raft", actorName, attemptTimeout, deadline, true,
            RaftClientSettings.DEFAULT_MAX_IN_FLIGHT_PER_SESSION, adminToken)));
  }

  /** The deadline of {@link #client()}'s requests. */
  Duration deadline() {
    return deadline;
  }

  RaftClient client() {
    return client;
  }

  KvClient kv() {
    return new KvClient(client);
  }

  /** Stops the system, telling connected nodes it is going, but waits at most a few seconds for that. */
  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The process is about to exit anyway; a slow goodbye must not delay the user's prompt.
    }
  }

  /** The local address the OS would use to reach {@code endpoint}; connecting a UDP socket sends nothing. */
  static String localAddressTowards(String endpoint) {
    String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
    try {
      InetAddress target = InetAddress.getByName(host);
      if (target.isLoopbackAddress()) {
        return "127.0.0.1";
      }
      try (DatagramSocket probe = new DatagramSocket()) {
        probe.connect(new InetSocketAddress(target, 9));
        InetAddress local = probe.getLocalAddress();
        return local.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostAddress() : local.getHostAddress();
      }
    } catch (IOException e) {
      throw LauncherException.config("cannot reach node host '" + host + "': " + e.getMessage());
    }
  }
}
