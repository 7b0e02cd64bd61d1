package org.pekkoraft.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.pekkoraft.client.RaftClientException;
import org.pekkoraft.kv.Bytes;

/** The KV routes' failures as HTTP answers: what the client may conclude, and whether to retry, in one line. */
final class KvAnswers {

  private KvAnswers() {}

  /** {@code {"error": "not found", "key": K}} with 404. */
  static HttpResponse notFound(KvEncoding encoding, Bytes key) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "not found");
    body.put("key", encoding.toBody(key));
    return Json.response(StatusCodes.NOT_FOUND, body);
  }

  static HttpResponse noLeader() {
    return Answers.retryLater("this node knows no leader (an election may be under way); retry shortly");
  }

  /**
   * A request that failed: {@code write} tells whether it may have changed the store, so that the answer says when
   * its outcome is unknown.
   */
  static HttpResponse failure(Throwable error, boolean write, long timeoutMillis) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof KvEncoding.Unencodable unencodable) {
      return Json.error(StatusCodes.UNPROCESSABLE_ENTITY, unencodable.getMessage());
    }
    if (cause instanceof Json.BadRequest bad) {
      return Json.error(StatusCodes.BAD_REQUEST, bad.getMessage());
    }
    if (!(cause instanceof RaftClientException failed)) {
      return Answers.failure(cause, write ? "the leader (the write's outcome is unknown: it may yet be applied)"
          : "the leader", timeoutMillis);
    }
    return switch (failed.kind()) {
      case NO_LEADER -> Json.error(StatusCodes.GATEWAY_TIMEOUT, write
          ? "no answer from the leader within " + timeoutMillis + " ms: the write's outcome is unknown (it may yet"
              + " be applied); read the key before writing again"
          : "no answer from the leader within " + timeoutMillis + " ms; retry");
      case REJECTED -> failed.getMessage().contains("max-command-bytes")
          ? Json.error(StatusCodes.PAYLOAD_TOO_LARGE, "the leader refused the write: " + failed.getMessage())
          : Json.error(StatusCodes.BAD_REQUEST, "the leader refused the request: " + failed.getMessage());
      case SESSION_EXPIRED -> Answers.retryLater("this node's client session had expired (more than"
          + " pekko-raft.sessions.max-sessions sessions were opened since it was used): the write was not applied by"
          + " its last attempt, but an earlier attempt inside the node may have been; read the key before retrying");
      case OUTCOME_UNKNOWN -> Json.error(StatusCodes.GATEWAY_TIMEOUT, "the write's outcome is unknown: "
          + failed.getMessage());
    };
  }
}
