package org.pekkoraft.launcher;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.client.RaftClientException;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.protocol.ClientResponse;

/**
 * Sends one membership change or leadership transfer to the leader and waits for the leader's answer.
 *
 * <p>The leader is found first, by asking every node's status: {@link RaftClient} gives the node it sends an
 * operator request to the whole deadline to answer (a change can take seconds while a new member catches up), so
 * sending it to a node that is down, such as the very node being replaced, would use up the deadline.
 */
final class Admin {

  /** The answer to wait for beyond the deadline, in case a completion is lost; the client gives up by itself. */
  private static final Duration GRACE = Duration.ofSeconds(1);
  /**
   * How a leader that stepped down answers a change it had started (see node.AdminRequests). It comes as a
   * rejection, but unlike one the change may have been committed: the outcome is unknown, as after a timeout.
   */

  private final ClientSystem system;
  private final Map<NodeId, String> endpoints;
  private final boolean discover;

  /**
   * @param endpoints the nodes to look for the leader among
   * @param discover whether members beyond {@code endpoints} may be found through their {@code conf/<id>.conf}
   */
  Admin(ClientSystem system, Map<NodeId, String> endpoints, boolean discover) {
    this.system = system;
    this.endpoints = endpoints;
    this.discover = discover;
  }

  /**
   * Sends {@code request} to the leader and returns its answer ({@code ClientResponse.Done}'s detail).
   *
   * @throws LauncherException {@link ExitCodes#REFUSED} with the leader's reason when it refused (nothing changed);
   *     {@link ExitCodes#NO_LEADER} when no leader was found, or it did not answer, within {@code timeout}, or it
   *     lost its leadership before the change completed (the outcome is then unknown)
   */
  String send(Duration timeout, Function<RaftClient, CompletionStage<String>> request) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ClusterView.Node target = findLeader(timeout);
    Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    RaftClient client = system.clientFor(Map.of(target.id(), target.endpoint()), left);
    try {
      return request.apply(client).toCompletableFuture().get(left.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      throw failure(e.getCause() != null ? e.getCause() : e, target, timeout);
    } catch (TimeoutException e) {
      throw unanswered(target, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LauncherException(ExitCodes.NO_LEADER, "interrupted while waiting for the leader");
    }
  }

  /** The leader, or a node that knows it, polling until {@code timeout}. */
  private ClusterView.Node findLeader(Duration timeout) {
    long start = System.nanoTime();
    Optional<ClusterView.Node> target = ClusterProbe.poll(timeout,
        () -> ClusterView.ask(system, endpoints, discover).leaderOrRedirect().orElse(null));
    return target.orElseThrow(() -> new LauncherException(ExitCodes.NO_LEADER, "no leader answered within "
        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms (asked " + String.join(", ",
        endpoints.values()) + "); nothing was sent"));
  }

  private static LauncherException failure(Throwable cause, ClusterView.Node target, Duration timeout) {
    Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof RaftClientException e && e.kind() == RaftClientException.Kind.OUTCOME_UNKNOWN) {
      return new LauncherException(ExitCodes.NO_LEADER, "the leader lost its leadership before the change"
          + " completed, so it may or may not have been made (" + e.getMessage() + "); check with 'raft members'");
    }
    if (c instanceof RaftClientException e && e.kind() == RaftClientException.Kind.REJECTED) {
      return new LauncherException(ExitCodes.REFUSED, "refused: " + e.getMessage());
    }
    if (c instanceof RaftClientException e && e.kind() == RaftClientException.Kind.NO_LEADER) {
      return unanswered(target, timeout);
    }
    return new LauncherException(ExitCodes.NO_LEADER, "request failed: " + c + "; check with 'raft members'");
  }

  private static LauncherException unanswered(ClusterView.Node target, Duration timeout) {
    return new LauncherException(ExitCodes.NO_LEADER, "no answer from the leader (asked " + target.id() + " at "
        + target.endpoint() + ") within " + timeout.toMillis() + " ms; the request may still complete (a new"
        + " member becomes a voter once it has caught up): check with 'raft members'");
  }
}
