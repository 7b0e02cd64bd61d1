package org.pekkoraft.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeHealth;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.protocol.NodeStatus;

/**
 * How the routes reach Raft: this node's actor, and the leader's, by the endpoint a node names in its answers.
 * Requests that need the leader are forwarded to it over Artery, within this node's ActorSystem (so over mutual TLS
 * with the node's credentials when TLS is on): the HTTP client talks to one node and never follows a redirect.
 */
final class NodeAccess {

  /** A follower's hint may be stale: a forwarded request follows at most this many hints. */
  static final int MAX_HOPS = 3;

  private final ActorSystem<?> system;
  private final ActorRef<NodeProtocol.Command> local;
  private final String actorName;

  NodeAccess(ActorSystem<?> system, ActorRef<NodeProtocol.Command> local, String actorName) {
    this.system = system;
    this.local = local;
    this.actorName = actorName;
  }

  CompletionStage<NodeHealth> health(Duration timeout) {
    return AskPattern.ask(local, NodeProtocol.GetHealth::new, timeout, system.scheduler());
  }

  CompletionStage<NodeStatus> status(Duration timeout) {
    return status(local, timeout);
  }

  /** The leader's status, as this node's leader hint finds it; completes with null when no leader is known. */
  CompletionStage<NodeStatus> leaderStatus(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return health(timeout).thenCompose(h -> {
      if (h.role() == Role.LEADER) {
        return status(local, remaining(deadline));
      }
      if (h.leaderEndpoint() == null) {
        return CompletableFuture.completedFuture(null);
      }
      return status(at(h.leaderEndpoint()), remaining(deadline));
    });
  }

  /**
   * Sends the request {@code build} makes to this node and, while the answer is NotLeader with the leader's
   * endpoint, to that leader; the answer within {@code timeout} overall. Fails with a timeout when no answer came.
   */
  CompletionStage<ClientResponse> toLeader(Function<ActorRef<ClientResponse>, NodeProtocol.Command> build,
      Duration timeout) {
    return attempt(local, build, System.nanoTime() + timeout.toNanos(), 0);
  }

  private CompletionStage<ClientResponse> attempt(ActorRef<NodeProtocol.Command> target,
      Function<ActorRef<ClientResponse>, NodeProtocol.Command> build, long deadline, int hops) {
    return AskPattern.<NodeProtocol.Command, ClientResponse>ask(target, build::apply, remaining(deadline),
        system.scheduler()).thenCompose(response -> {
          if (response instanceof ClientResponse.NotLeader hint && hint.leaderAddress() != null
              && hops < MAX_HOPS && remaining(deadline).toMillis() > 0) {
            return attempt(at(hint.leaderAddress()), build, deadline, hops + 1);
          }
          return CompletableFuture.completedFuture(response);
        });
  }

  private CompletionStage<NodeStatus> status(ActorRef<NodeProtocol.Command> target, Duration timeout) {
    return AskPattern.ask(target, NodeProtocol.GetStatus::new, timeout, system.scheduler());
  }

  /** The node actor at Artery endpoint {@code endpoint}: every node's ActorSystem has the same name. */
  private ActorRef<NodeProtocol.Command> at(String endpoint) {
    return ActorRefResolver.get(system).resolveActorRef("pekko://" + system.name() + "@" + endpoint + "/user/"
        + actorName);
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
  }
}
