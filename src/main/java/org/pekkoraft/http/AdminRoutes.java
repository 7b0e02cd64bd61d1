package org.pekkoraft.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeout;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.node.RaftSettingsException;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeProtocol;

/**
 * The operator's requests, each needing the admin secret ({@link AdminAuth}) and forwarded to the leader:
 * {@code POST /members} {@code {"id": "node-4", "address": "host:port", "learner": false}} adds a member (a learner
 * until caught up, then a voter unless {@code learner}), {@code DELETE /members/<id>} removes one, and
 * {@code POST /transfer-leader} {@code {"to": "node-2"}} hands leadership over. Each answers once the leader has
 * (200 {@code {"done": ...}}), as {@code bin/raft add-member}, {@code remove-member} and {@code transfer-leader} do.
 */
final class AdminRoutes {

  /** The body of {@code POST /members}. */
  record AddMemberBody(String id, String address, Boolean learner) {}

  /** The body of {@code POST /transfer-leader}. */
  record TransferBody(String to) {}

  private final NodeAccess node;
  private final HttpSettings settings;
  private final AdminAuth auth;

  AdminRoutes(NodeAccess node, HttpSettings settings, AdminAuth auth) {
    this.node = node;
    this.settings = settings;
    this.auth = auth;
  }

  Route route() {
    // The server's own request timeout must not answer before the leader does.
    return withRequestTimeout(settings.adminTimeout().plus(settings.requestTimeout()), () -> concat(
        path("members", () -> pathEnd(() -> post(() -> admin(token -> entity(Unmarshaller.entityToString(),
            body -> forward(addMember(body, token))))))),
        pathPrefix("members", () -> path(PathMatchers.segment(), id -> delete(() -> admin(token ->
            forward(reply -> new NodeProtocol.RemoveMember(nodeId(id), token, reply)))))),
        path("transfer-leader", () -> post(() -> admin(token -> entity(Unmarshaller.entityToString(),
            body -> forward(transfer(body, token))))))));
  }

  /** Runs {@code inner} with the request's admin token, or answers 401 without asking Raft anything. */
  private Route admin(Function<String, Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> auth.token(header).map(inner)
        .orElseGet(() -> complete(Json.error(StatusCodes.UNAUTHORIZED, "membership changes and leadership"
            + " transfers need the cluster's admin secret: Authorization: Bearer <the text of admin.secret in an"
            + " admin directory from bin/raft certs>")
            .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "pekko-raft admin"))))));
  }

  private Function<ActorRef<ClientResponse>, NodeProtocol.Command> addMember(String body, String token) {
    AddMemberBody request = Json.parse(body, AddMemberBody.class);
    NodeId id = nodeId(Json.required(request.id(), "id"));
    String address = Json.required(request.address(), "address");
    try {
      RaftSettings.checkEndpoint("field 'address'", address);
    } catch (RaftSettingsException e) {
      throw new Json.BadRequest(e.getMessage());
    }
    boolean voter = request.learner() == null || !request.learner();
    return reply -> new NodeProtocol.AddMember(id, address, voter, token, reply);
  }

  private Function<ActorRef<ClientResponse>, NodeProtocol.Command> transfer(String body, String token) {
    NodeId target = nodeId(Json.required(Json.parse(body, TransferBody.class).to(), "to"));
    return reply -> new NodeProtocol.TransferLeadership(target, token, reply);
  }

  private Route forward(Function<ActorRef<ClientResponse>, NodeProtocol.Command> request) {
    CompletionStage<HttpResponse> answer = node.toLeader(request, settings.adminTimeout()).handle((r, error) ->
        error == null ? Answers.of(r) : Answers.failure(error, "the leader (the change may still complete: check"
            + " GET /members)", settings.adminTimeout().toMillis()));
    return completeWithFuture(answer);
  }

  private static NodeId nodeId(String id) {
    try {
      return NodeId.of(id);
    } catch (IllegalArgumentException e) {
      throw new Json.BadRequest(e.getMessage());
    }
  }
}
