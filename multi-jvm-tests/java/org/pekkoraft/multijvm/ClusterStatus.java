package org.pekkoraft.multijvm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.testkit.Await;

/** The cluster as its nodes report it ({@link NodeStatus}): who leads, and whether the logs have converged. */
final class ClusterStatus {

  private final ProcessCluster cluster;
  private final RaftClient control;

  ClusterStatus(ProcessCluster cluster, RaftClient control) {
    this.cluster = cluster;
    this.control = control;
  }

  /** The node's status, or null if it is not running or does not answer within its attempt timeout. */
  NodeStatus of(String id) {
    if (!cluster.node(id).running() || cluster.node(id).paused()) {
      return null;
    }
    try {
      return control.status(NodeId.of(id)).toCompletableFuture().get(3, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  /** Whether {@code id} answers a status request within {@code timeout}. */
  boolean answers(String id, Duration timeout) {
    NodeProcess n = cluster.node(id);
    if (!n.running() || n.paused()) {
      return false;
    }
    try {
      return control.status(NodeId.of(id)).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          != null;
    } catch (Exception e) {
      return false;
    }
  }

  /** The statuses of {@code ids}, asked all at once; nodes that do not answer are left out. */
  Map<String, NodeStatus> of(Iterable<String> ids) {
    Map<String, CompletableFuture<NodeStatus>> asked = new LinkedHashMap<>();
    for (String id : ids) {
      NodeProcess n = cluster.node(id);
      if (n.running() && !n.paused()) {
        asked.put(id, control.status(NodeId.of(id)).toCompletableFuture());
      }
    }
    Map<String, NodeStatus> answered = new LinkedHashMap<>();
    asked.forEach((id, future) -> {
      try {
        answered.put(id, future.get(3, TimeUnit.SECONDS));
      } catch (Exception e) {
        // Not answering is an answer too: the node is left out.
      }
    });
    return answered;
  }

  /** Waits until {@code id} answers a status request (a restarted node has recovered its journal). */
  NodeStatus awaitAnswer(String id, Duration timeout) {
    try {
      return Await.value(id + " to answer a status request", timeout, () -> {
        cluster.assertNoNodeDiedOnItsOwn();
        return of(id);
      });
    } catch (AssertionError e) {
      throw explained(e);
    }
  }

  /**
   * Waits for a settled leader among {@code among}: the single leader of the highest term any of them reports,
   * which a majority of the whole cluster follows in that term. Returns its id.
   */
  String awaitLeader(Duration timeout, Set<String> among) {
    try {
      return Await.value("a leader among " + among + " followed by a majority", timeout, () -> {
        cluster.assertNoNodeDiedOnItsOwn();
        return settledLeader(of(among));
      });
    } catch (AssertionError e) {
      throw explained(e);
    }
  }

  String awaitLeader(Duration timeout) {
    return awaitLeader(timeout, Set.copyOf(cluster.ids()));
  }

  /** The settled leader in {@code statuses} (see {@link #awaitLeader}), or null. */
  String settledLeader(Map<String, NodeStatus> statuses) {
    long term = statuses.values().stream().mapToLong(NodeStatus::term).max().orElse(-1);
    List<NodeStatus> leaders = new ArrayList<>();
    statuses.values().stream().filter(s -> s.term() == term && s.role() == Role.LEADER).forEach(leaders::add);
    if (leaders.size() != 1) {
      return null;
    }
    NodeId leader = leaders.get(0).nodeId();
    long following = statuses.values().stream()
        .filter(s -> s.term() == term && (s.nodeId().equals(leader) || leader.equals(s.leaderId()))).count();
    return following > cluster.size() / 2 ? leader.value() : null;
  }

  /**
   * Waits until every node answers, holds exactly the leader's log (same last index and term: by Log Matching the
   * logs are then identical), and has applied all of it, with everything committed.
   */
  void awaitConverged(Duration timeout) {
    try {
      Await.until("every node to hold and apply the leader's whole log", timeout, () -> {
        cluster.assertNoNodeDiedOnItsOwn();
        Map<String, NodeStatus> all = of(cluster.ids());
        String leaderId = all.size() == cluster.size() ? settledLeader(all) : null;
        if (leaderId == null) {
          return false;
        }
        NodeStatus l = all.get(leaderId);
        return l.commitIndex() == l.lastLogIndex() && all.values().stream().allMatch(s ->
            s.lastLogIndex() == l.lastLogIndex() && s.lastLogTerm() == l.lastLogTerm()
                && s.lastApplied() == l.lastLogIndex());
      });
    } catch (AssertionError e) {
      throw explained(e);
    }
  }

  /** The failure with what every node reports and where its files are. */
  AssertionError explained(AssertionError e) {
    return new AssertionError(e.getMessage() + "\n" + lines() + "nodes:" + cluster.describe(), e);
  }

  /** One status line per node, for failure messages and reports. */
  String lines() {
    Map<String, NodeStatus> all = of(cluster.ids());
    StringBuilder s = new StringBuilder();
    for (String id : cluster.ids()) {
      NodeStatus st = all.get(id);
      s.append("  ").append(st == null ? id + " no answer" : st.line() + " lastLogTerm=" + st.lastLogTerm())
          .append('\n');
    }
    return s.toString();
  }
}
