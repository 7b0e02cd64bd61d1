package org.pekkoraft.http;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.pekkoraft.protocol.NodeHealth;

/**
 * {@code GET /health}: 200 while the node's actor answers (also while it replays its journal), for a liveness
 * probe. {@code GET /ready}: 200 only when a leader is known, heard from recently, and this node has applied nearly
 * all the leader last said was committed ({@link Readiness}), else 503 with the reason, for a load balancer or a
 * readiness probe.
 */
final class HealthRoutes {

  /** Shorter than any probe's timeout: a node that cannot answer a local message this fast is not healthy. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final NodeAccess node;
  private final HttpSettings settings;

  HealthRoutes(NodeAccess node, HttpSettings settings) {
    this.node = node;
    this.settings = settings;
  }

  Route route() {
    return concat(
        path("health", () -> get(() -> completeWithFuture(node.health(PROBE_TIMEOUT).handle((h, error) ->
            error == null ? alive(h) : unresponsive(error))))),
        path("ready", () -> get(() -> completeWithFuture(node.health(PROBE_TIMEOUT).handle((h, error) ->
            error == null ? ready(h) : unresponsive(error))))));
  }

  private static HttpResponse alive(NodeHealth h) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", h.recovering() ? "recovering" : "alive");
    body.put("node", h.nodeId().value());
    body.put("role", h.recovering() ? null : h.role().name());
    return Json.response(StatusCodes.OK, body);
  }

  private HttpResponse ready(NodeHealth h) {
    String problem = Readiness.problem(h, settings);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ready", problem == null);
    if (problem != null) {
      body.put("error", problem);
    }
    body.put("node", h.nodeId().value());
    if (!h.recovering()) {
      body.put("role", h.role().name());
      body.put("leader", h.leaderId() == null ? null : h.leaderId().value());
      body.put("lastApplied", h.lastApplied());
      body.put("leaderCommitIndex", h.leaderCommit());
      body.put("leaderContactAgeMillis", h.leaderContactAgeMillis());
    }
    return Json.response(problem == null ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, body);
  }

  private static HttpResponse unresponsive(Throwable error) {
    return Answers.failure(error, "the Raft node's actor", PROBE_TIMEOUT.toMillis())
        .withStatus(StatusCodes.SERVICE_UNAVAILABLE);
  }
}
