package org.pekkoraft.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.client.RaftClientSettings;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.protocol.NodeHealth;

/**
 * How the KV routes reach the store: a {@link KvClient} on a {@link RaftClient} in this node's own ActorSystem, so
 * an HTTP request takes the path of any library client (to the leader over Artery, with this node's credentials;
 * reads by ReadIndex there) and the HTTP client never follows a redirect.
 *
 * <p>Writes are applied once: the RaftClient sends each with its session and a sequence number that every retry
 * inside the node keeps (after NotLeader, a timeout, a new leader), and the cluster applies a session's sequence
 * number once. Its session expires after {@code pekko-raft.sessions.expire-after} without a write (by the leader's
 * clock); so that an idle API does not fail its next write with "session expired", a client unused for half that
 * time is replaced, opening a new session, before it is used again.
 */
final class KvAccess {

  private final ActorSystem<?> system;
  private final NodeAccess node;
  private final RaftSettings raft;
  private final HttpSettings settings;
  private final long renewAfterNanos;
  private RaftClient client;
  private long lastUsed;

  KvAccess(ActorSystem<?> system, NodeAccess node, RaftSettings raft, HttpSettings settings) {
    this.system = system;
    this.node = node;
    this.raft = raft;
    this.settings = settings;
    this.renewAfterNanos = raft.sessionExpireAfter().toNanos() / 2;
  }

  /** The largest command the leader takes (its own setting may differ; it then refuses with its own limit). */
  int maxCommandBytes() {
    return raft.maxCommandBytes();
  }

  /** How long a KV request may take in all, retries inside the node included. */
  Duration timeout() {
    return settings.requestTimeout();
  }

  /**
   * The client to send a request with, or null when this node knows no leader (then nothing is sent: the answer is
   * 503 at once rather than after the whole timeout).
   */
  CompletionStage<KvClient> client() {
    return node.health(HealthRoutes.PROBE_TIMEOUT).thenCompose(h -> {
      if (h.recovering() || (h.role() != Role.LEADER && h.leaderId() == null)) {
        return CompletableFuture.completedFuture(null);
      }
      return CompletableFuture.completedFuture(new KvClient(current(h)));
    });
  }

  private synchronized RaftClient current(NodeHealth h) {
    long now = System.nanoTime();
    if (client == null || now - lastUsed > renewAfterNanos) {
      client = RaftClient.create(system, clientSettings(h));
    }
    lastUsed = now;
    return client;
  }

  /**
   * The nodes of the configuration and the leader this node knows of (a joining node's configuration may name only
   * some); the client learns others from the hints of NotLeader answers.
   */
  private RaftClientSettings clientSettings(NodeHealth h) {
    Map<NodeId, String> endpoints = new HashMap<>(raft.members());
    if (h.leaderId() != null && h.leaderEndpoint() != null) {
      endpoints.put(h.leaderId(), h.leaderEndpoint());
    }
    raft.ownEndpoint().ifPresent(own -> endpoints.put(raft.nodeId(), own));
    Duration timeout = settings.requestTimeout();
    Duration attempt = timeout.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0 ? timeout.dividedBy(2)
        : Duration.ofSeconds(1);
    return new RaftClientSettings(endpoints, system.name(), raft.actorName(), attempt, timeout, true,
        RaftClientSettings.DEFAULT_MAX_IN_FLIGHT_PER_SESSION, "");
  }
}
