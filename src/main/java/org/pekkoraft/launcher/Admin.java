package org.pekkoraft.launcher;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

  /** How often a request that takes long says that it still waits. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);

  private final ClientSystem system;
  private final Progress progress;
  private final Map<NodeId, String> endpoints;
  private final boolean discover;

  /**
   * @param endpoints the nodes to look for the leader among
   * @param discover whether members beyond {@code endpoints} may be found through their {@code conf/<id>.conf}
   * @param progress where to say that a request still waits (stderr)
   */
  Admin(ClientSystem system, Map<NodeId, String> endpoints, boolean discover, Progress progress) {
    this.system = system;
    this.progress = progress;
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
      return awaitWithProgress(request.apply(client).toCompletableFuture(), left.plus(GRACE), target, timeout);
    } catch (ExecutionException | CompletionException e) {
      throw failure(e.getCause() != null ? e.getCause() : e, target, timeout);
    } catch (TimeoutException e) {
      throw unanswered(target, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LauncherException(ExitCodes.NO_LEADER, "interrupted while waiting for the leader");
    }
  }

  /**
   * Waits for the leader's answer, saying on the progress stream every {@link #PROGRESS_EVERY} that it still
   * waits: a change that adds a member waits for it to catch up, which can take many seconds.
   */
  private String awaitWithProgress(CompletableFuture<String> answer, Duration wait, ClusterView.Node target,
      Duration timeout) throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      try {
        return answer.get(Math.max(0, Math.min(left, PROGRESS_EVERY.toNanos())), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (deadline - System.nanoTime() <= 0) {
          throw e;
        }
        progress.say("waiting for the leader (%s) to complete the request (at most %d s in all)", target.id(),
            timeout.toSeconds());
      }
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
