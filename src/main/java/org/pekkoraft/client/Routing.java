package org.pekkoraft.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.pekkoraft.core.NodeId;

/**
 * Where a client sends its requests: the node it believes leads, the nodes it knows, and which of them recently
 * failed to answer. A request goes straight to the leader guess while there is one it trusts, and to every node at
 * once otherwise ({@link #direct()} null).
 *
 * <p>One timeout does not make a node suspect, nor drop it as the leader guess: a leader that was slow once (a GC
 * pause, a slow disk) stays the first choice. A second consecutive one does, for {@code suspectNanos} or until the
 * node answers again; while suspect it is neither the leader guess nor a hint the client follows. Thread-safe.
 */
final class Routing {

  /** Consecutive unanswered requests after which a node is suspect. */
  static final int FAILURES_TO_SUSPECT = 2;

  private final LongSupplier clock;
  private final long suspectNanos;
  private final Map<NodeId, String> endpoints = new HashMap<>();
  private final Map<NodeId, Integer> failures = new HashMap<>();
  private final Map<NodeId, Long> suspectUntil = new HashMap<>();
  private NodeId leaderGuess;

  Routing(Map<NodeId, String> endpoints, long suspectNanos, LongSupplier clock) {
    this.endpoints.putAll(endpoints);
    this.suspectNanos = suspectNanos;
    this.clock = clock;
  }

  /** The node to send a request to alone, or null to send it to every node in parallel. */
  synchronized NodeId direct() {
    return leaderGuess != null && !suspect(leaderGuess) ? leaderGuess : null;
  }

  synchronized NodeId leaderGuess() {
    return leaderGuess;
  }

  /** {@code node} answered; {@code leads}: with a result rather than a redirect, so it is the leader guess now. */
  synchronized void answered(NodeId node, boolean leads) {
    failures.remove(node);
    suspectUntil.remove(node);
    if (leads) {
      leaderGuess = node;
    }
  }

  /** {@code node} did not answer within the attempt timeout. */
  synchronized void timedOut(NodeId node) {
    int count = failures.merge(node, 1, Integer::sum);
    if (count >= FAILURES_TO_SUSPECT) {
      suspectUntil.put(node, clock.getAsLong() + suspectNanos);
      if (node.equals(leaderGuess)) {
        leaderGuess = null;
      }
    }
  }

  /**
   * Whether to follow {@code from}'s redirect to {@code hint}: not to itself and not to a suspect (a follower names
   * its old leader until its own election timeout, long after the client found that leader silent). If so, the
   * hint becomes the leader guess, and its address is learned if new ({@code address} null or "?" when unknown).
   */
  synchronized boolean follow(NodeId from, NodeId hint, String address) {
    if (hint == null || hint.equals(from) || suspect(hint)) {
      return false;
    }
    if (!endpoints.containsKey(hint)) {
      if (address == null || "?".equals(address)) {
        return false;
      }
      endpoints.put(hint, address);
    }
    leaderGuess = hint;
    return true;
  }

  synchronized boolean suspect(NodeId node) {
    Long until = suspectUntil.get(node);
    return until != null && until - clock.getAsLong() > 0;
  }

  /** Every node known, in a stable order. */
  synchronized List<NodeId> nodes() {
    List<NodeId> ids = new ArrayList<>(endpoints.keySet());
    ids.sort(null);
    return ids;
  }

  synchronized String endpoint(NodeId node) {
    return endpoints.get(node);
  }
}
