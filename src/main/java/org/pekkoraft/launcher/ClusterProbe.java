package org.pekkoraft.launcher;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.NodeStatus;

/**
 * Watches a cluster through nodes' status answers: who leads, and whether a node has caught up. Waiting is
 * polling with a deadline (status rounds a tenth of a second apart), never a fixed sleep.
 */
final class ClusterProbe {

  private static final long POLL_NANOS = Duration.ofMillis(100).toNanos();

  private final RaftClient client;

  ClusterProbe(RaftClient client) {
    this.client = client;
  }

  /** Every node's status, asked at once; a node that did not answer within the attempt timeout is left out. */
  Map<NodeId, NodeStatus> statuses(Iterable<NodeId> nodes) {
    Map<NodeId, String> endpoints = new LinkedHashMap<>();
    nodes.forEach(id -> endpoints.put(id, client.endpoint(id)));
    Map<NodeId, NodeStatus> answered = new LinkedHashMap<>();
    for (StatusMain.Answer answer : StatusMain.ask(client, endpoints)) {
      NodeStatus status = answer.status().join();
      if (status != null) {
        answered.put(answer.id(), status);
      }
    }
    return answered;
  }

  /**
   * The status of the single leader of the highest term among {@code nodes} once a majority of {@code clusterSize}
   * answer and agree on it, or empty at the deadline.
   */
  Optional<NodeStatus> awaitLeader(Iterable<NodeId> nodes, int clusterSize, Duration timeout) {
    return poll(timeout, () -> {
      Map<NodeId, NodeStatus> statuses = statuses(nodes);
      long term = statuses.values().stream().mapToLong(NodeStatus::term).max().orElse(-1);
      NodeStatus leader = statuses.values().stream()
          .filter(s -> s.term() == term && s.role() == Role.LEADER).findFirst().orElse(null);
      if (leader == null) {
        return null;
      }
      long agreeing = statuses.values().stream()
          .filter(s -> s.term() == term && leader.nodeId().equals(s.leaderId())).count();
      return agreeing > clusterSize / 2 ? leader : null;
    });
  }

  /**
   * Polls {@code probe} until it returns non-null or {@code timeout} passes. Each probe waits on its own for
   * answers, so the pause between rounds only keeps an idle cluster from being flooded.
   */
  static <T> Optional<T> poll(Duration timeout, Supplier<T> probe) {
    return poll(timeout, Duration.ofNanos(POLL_NANOS), probe);
  }

  /** Like {@link #poll(Duration, Supplier)} with {@code interval} between rounds. */
  static <T> Optional<T> poll(Duration timeout, Duration interval, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return Optional.of(value);
      }
      if (System.nanoTime() - deadline >= 0) {
        return Optional.empty();
      }
      LockSupport.parkNanos(Math.min(interval.toNanos(), Math.max(0, deadline - System.nanoTime())));
    }
  }
}
