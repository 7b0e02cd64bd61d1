package org.pekkoraft.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.NodeStatus;

/**
 * Status rounds over the nodes' HTTP API ({@code GET /status}), every node asked at once: what
 * {@link ClusterView} is built from when each node's API is known. A node whose API this client does not know
 * (a member no conf file names) counts as not answering.
 */
final class HttpStatus implements ClusterView.StatusRound {

  private final ApiClient api;
  private final Map<NodeId, URI> known;
  private final Duration timeout;

  /**
   * @param known the APIs of the nodes a command was given; others are looked up in {@code conf/<id>.conf}
   * @param timeout how long to wait for each node's answer
   */
  HttpStatus(ApiClient api, Map<NodeId, URI> known, Duration timeout) {
    this.api = api;
    this.known = Map.copyOf(known);
    this.timeout = timeout;
  }

  @Override
  public List<ClusterView.Node> ask(Map<NodeId, String> endpoints) {
    Map<NodeId, CompletableFuture<NodeStatus>> answers = new LinkedHashMap<>();
    for (NodeId id : endpoints.keySet()) {
      Optional<URI> url = Optional.ofNullable(known.get(id)).or(() -> ApiNodes.fromConfFile(id));
      answers.put(id, url.map(u -> api.start(u.resolve("/status"), "GET", null, timeout)
          .thenApply(a -> a.status() == 200 ? status(a.body()) : null)
          .exceptionally(error -> null)).orElse(CompletableFuture.completedFuture(null)));
    }
    List<ClusterView.Node> nodes = new ArrayList<>();
    for (Map.Entry<NodeId, CompletableFuture<NodeStatus>> answer : answers.entrySet()) {
      NodeStatus status = answer.getValue().join();
      nodes.add(new ClusterView.Node(status == null ? answer.getKey() : status.nodeId(),
          endpoints.get(answer.getKey()), status));
    }
    return nodes;
  }

  /** The body of {@code GET /status} (http.ClusterRoutes), or null when it is not one. */
  static NodeStatus status(JsonNode body) {
    try {
      String leader = body.path("leader").isTextual() ? body.get("leader").asText() : null;
      return new NodeStatus(NodeId.of(body.get("node").asText()), body.path("address").asText("?"),
          Role.valueOf(body.get("role").asText()), body.path("term").asLong(), null,
          leader == null ? null : NodeId.of(leader), body.path("commitIndex").asLong(),
          body.path("lastApplied").asLong(), body.path("lastLogIndex").asLong(), 0,
          body.path("snapshotIndex").asLong(), ids(body.path("voters")), ids(body.path("learners")),
          body.path("configurationChanging").asBoolean(), body.path("clusterId").asText(null), Map.of(),
          body.path("quiescent").asBoolean());
    } catch (RuntimeException e) {
      // A node of another build, or not a node at all: it did not give a status this client can use.
      return null;
    }
  }

  private static Set<NodeId> ids(JsonNode array) {
    Set<NodeId> ids = new TreeSet<>();
    array.forEach(id -> ids.add(NodeId.of(id.asText())));
    return ids;
  }
}
