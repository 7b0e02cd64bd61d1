package org.pekkoraft.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeProtocol;

/**
 * One request's way to the leader. It goes to the leader guess alone and follows redirects to a hinted leader;
 * when that fails (no guess, a timeout, a redirect to nowhere) it is sent to every node in parallel: each node then
 * gets it again after each "not leader" (with a short back-off) or timeout, until one answers with a result, the
 * deadline passes or {@code result} is completed. So a killed leader costs one attempt timeout, and the request
 * reaches the new leader as soon as one is elected, whichever node that is.
 *
 * <p>Sending a write to several nodes is safe: it carries its session and sequence number, and a state machine
 * applies each sequence number of a session once (only a leader proposes; a follower answers "not leader").
 */
final class Request {

  /** First pause before asking a node that redirected again; it doubles up to {@link #MAX_BACKOFF}. */
  static final Duration FIRST_BACKOFF = Duration.ofMillis(20);
  static final Duration MAX_BACKOFF = Duration.ofMillis(80);
  /** Redirects followed one after another before the request goes to every node instead. */
  private static final int MAX_HOPS = 3;

  private final RaftClient client;
  private final Routing routing;
  private final ActorSystem<?> system;
  private final long deadline;
  private final Duration attemptTimeout;
  private final Duration overall;
  private final Function<ActorRef<ClientResponse>, NodeProtocol.Command> message;
  private final CompletableFuture<ClientResponse> result = new CompletableFuture<>();
  private final List<String> tried = new ArrayList<>();
  private final Set<NodeId> fannedOut = new HashSet<>();

  /** {@code deadline}: on {@link System#nanoTime()}; {@code overall}: the setting it comes from, for messages. */
  Request(RaftClient client, Routing routing, ActorSystem<?> system, long deadline, Duration overall,
      Duration attemptTimeout, Function<ActorRef<ClientResponse>, NodeProtocol.Command> message) {
    this.client = client;
    this.routing = routing;
    this.system = system;
    this.overall = overall;
    this.deadline = deadline;
    this.attemptTimeout = attemptTimeout;
    this.message = message;
  }

  /** Sends it; the stage completes with the first answer that is neither a redirect nor "busy". */
  CompletableFuture<ClientResponse> start() {
    NodeId target = routing.direct();
    if (target == null) {
      fanOut();
    } else {
      direct(target, 0);
    }
    return result;
  }

  private void direct(NodeId target, int hops) {
    ask(target, (response, error) -> {
      if (error != null) {
        failed(target);
        fanOut();
      } else if (response instanceof ClientResponse.NotLeader notLeader) {
        note(target, "not leader");
        routing.answered(target, false);
        if (hops < MAX_HOPS && routing.follow(target, notLeader.leaderId(), notLeader.leaderAddress())) {
          direct(notLeader.leaderId(), hops + 1);
        } else {
          fanOut();
        }
      } else if (response instanceof ClientResponse.Busy) {
        note(target, "busy");
        routing.answered(target, false);
        later(FIRST_BACKOFF, () -> direct(target, hops));
      } else {
        succeeded(target, response);
      }
    });
  }

  private void fanOut() {
    for (NodeId node : routing.nodes()) {
      loop(node);
    }
  }

  /** Starts asking {@code node} again and again, unless this request already does. */
  private void loop(NodeId node) {
    synchronized (fannedOut) {
      if (!fannedOut.add(node)) {
        return;
      }
    }
    ask(node, FIRST_BACKOFF);
  }

  private void ask(NodeId node, Duration backoff) {
    ask(node, (response, error) -> {
      if (error != null) {
        failed(node);
        ask(node, backoff);
      } else if (response instanceof ClientResponse.NotLeader notLeader) {
        note(node, "not leader");
        routing.answered(node, false);
        NodeId hint = notLeader.leaderId();
        if (routing.follow(node, hint, notLeader.leaderAddress())) {
          loop(hint);
        }
        later(backoff, () -> ask(node, next(backoff)));
      } else if (response instanceof ClientResponse.Busy) {
        note(node, "busy");
        routing.answered(node, false);
        later(backoff, () -> ask(node, next(backoff)));
      } else {
        succeeded(node, response);
      }
    });
  }

  private interface Answer {
    void accept(ClientResponse response, Throwable error);
  }

  /** One ask, within what is left of the deadline; {@code then} runs only while the request is still open. */
  private void ask(NodeId node, Answer then) {
    if (result.isDone()) {
      return;
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      expire();
      return;
    }
    Duration timeout = Duration.ofNanos(Math.min(left, attemptTimeout.toNanos()));
    // An explicit executor: the stage ask returns runs even whenComplete asynchronously, on the common pool, which
    // with fewer than 3 cores starts a new thread for every task (about one per request).
    AskPattern.<NodeProtocol.Command, ClientResponse>ask(client.ref(node), message::apply, timeout,
        system.scheduler()).whenCompleteAsync((response, error) -> {
          if (!result.isDone()) {
            then.accept(response, error);
          }
        }, system.executionContext());
  }

  private void succeeded(NodeId node, ClientResponse response) {
    routing.answered(node, true);
    result.complete(response);
  }

  private void failed(NodeId node) {
    note(node, "no answer");
    routing.timedOut(node);
    client.reconnect(node);
  }

  private void later(Duration delay, Runnable task) {
    system.scheduler().scheduleOnce(delay, () -> {
      if (!result.isDone()) {
        task.run();
      }
    }, system.executionContext());
  }

  private static Duration next(Duration backoff) {
    Duration doubled = backoff.multipliedBy(2);
    return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
  }

  private void note(NodeId node, String what) {
    synchronized (tried) {
      tried.add(node + " (" + what + ")");
    }
  }

  private void expire() {
    String summary;
    synchronized (tried) {
      summary = summary(tried);
    }
    result.completeExceptionally(new RaftClientException(RaftClientException.Kind.NO_LEADER,
        "no leader answered within " + overall.toMillis() + " ms (tried " + summary + ")"));
  }

  private static String summary(List<String> tried) {
    if (tried.size() <= 6) {
      return String.join(", ", tried);
    }
    return String.join(", ", tried.subList(tried.size() - 6, tried.size())) + " and " + (tried.size() - 6)
        + " earlier attempts";
  }
}
