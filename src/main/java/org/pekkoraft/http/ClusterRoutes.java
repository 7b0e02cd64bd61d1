package org.pekkoraft.http;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.concat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.protocol.NodeStatus;

/**
 * {@code GET /status}: this node's view, the fields of {@code bin/raft status --json}. {@code GET /members}: the
 * Raft configuration as the leader sees it (voters, learners, each member's Artery endpoint), as
 * {@code bin/raft members --json} shows it; 503 while no leader is known.
 */
final class ClusterRoutes {

  private final NodeAccess node;
  private final HttpSettings settings;

  ClusterRoutes(NodeAccess node, HttpSettings settings) {
    this.node = node;
    this.settings = settings;
  }

  /** {@code GET /members} only: {@link AdminRoutes} adds the other methods of the same path. */
  Route route() {
    long timeout = settings.requestTimeout().toMillis();
    return concat(
        path("status", () -> get(() -> completeWithFuture(node.status(settings.requestTimeout())
            .handle((s, error) -> error == null ? Json.response(StatusCodes.OK, status(s))
                : Answers.failure(error, "this node", timeout))))),
        path("members", () -> pathEnd(() -> get(() -> completeWithFuture(node.leaderStatus(settings.requestTimeout())
            .handle((s, error) -> error != null ? Answers.failure(error, "the leader", timeout)
                : s == null ? Answers.retryLater("no leader is known (an election may be under way); retry shortly")
                : Json.response(StatusCodes.OK, members(s))))))));
  }

  static Map<String, Object> status(NodeStatus s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node", s.nodeId().value());
    body.put("address", s.address());
    body.put("role", s.role().name());
    body.put("term", s.term());
    body.put("leader", s.leaderId() == null ? null : s.leaderId().value());
    body.put("commitIndex", s.commitIndex());
    body.put("lastApplied", s.lastApplied());
    body.put("lastLogIndex", s.lastLogIndex());
    body.put("snapshotIndex", s.snapshotIndex());
    body.put("voters", ids(s.voters()));
    body.put("learners", ids(s.learners()));
    body.put("configurationChanging", s.configurationChanging());
    body.put("clusterId", s.clusterId());
    body.put("quiescent", s.quiescent());
    return body;
  }

  static Map<String, Object> members(NodeStatus leader) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("leader", leader.nodeId().value());
    body.put("term", leader.term());
    body.put("voters", endpoints(leader.voters(), leader));
    body.put("learners", endpoints(leader.learners(), leader));
    body.put("configurationChanging", leader.configurationChanging());
    return body;
  }

  private static List<String> ids(Set<NodeId> ids) {
    return ids.stream().map(NodeId::value).sorted().toList();
  }

  private static List<Map<String, Object>> endpoints(Set<NodeId> ids, NodeStatus leader) {
    List<Map<String, Object>> members = new ArrayList<>();
    for (NodeId id : ids.stream().sorted().toList()) {
      Map<String, Object> member = new LinkedHashMap<>();
      member.put("node", id.value());
      String address = leader.endpoints().get(id);
      member.put("address", address == null || "?".equals(address) ? null : address);
      members.add(member);
    }
    return members;
  }
}
