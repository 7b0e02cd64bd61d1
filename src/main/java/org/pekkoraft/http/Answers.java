package org.pekkoraft.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.pekkoraft.protocol.ClientResponse;

/** Raft's answers to requests forwarded to the leader, as HTTP responses. */
final class Answers {

  private Answers() {}

  /**
   * 200 for done, 503 (with Retry-After) while no leader can take it, 409 for a refusal (an invalid membership
   * change), 504 when the outcome is unknown.
   */
  static HttpResponse of(ClientResponse response) {
    if (response instanceof ClientResponse.Done done) {
      return Json.response(StatusCodes.OK, Map.of("done", done.detail()));
    } else if (response instanceof ClientResponse.NotLeader notLeader) {
      return retryLater(notLeader.leaderId() == null ? "no leader is known (an election may be under way); retry"
          + " shortly" : "the leader " + notLeader.leaderId() + " could not be reached; retry shortly");
    } else if (response instanceof ClientResponse.Busy busy) {
      return retryLater(busy.reason());
    } else if (response instanceof ClientResponse.Rejected rejected) {
      return Json.error(StatusCodes.CONFLICT, rejected.reason());
    } else if (response instanceof ClientResponse.OutcomeUnknown unknown) {
      return Json.error(StatusCodes.GATEWAY_TIMEOUT, unknown.reason());
    } else if (response instanceof ClientResponse.SessionExpired expired) {
      return Json.error(StatusCodes.CONFLICT, expired.reason());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("done", response.toString());
    return Json.response(StatusCodes.OK, body);
  }

  static HttpResponse retryLater(String why) {
    return Json.error(StatusCodes.SERVICE_UNAVAILABLE, why).addHeader(RetryAfter.create(1L));
  }

  /**
   * A request that got no answer: 504 after a timeout (for a change, its outcome is then unknown), otherwise 500
   * with the cause's class and message, never a stack trace.
   */
  static HttpResponse failure(Throwable error, String waitingFor, long timeoutMillis) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      return Json.error(StatusCodes.GATEWAY_TIMEOUT, "no answer from " + waitingFor + " within " + timeoutMillis
          + " ms");
    }
    return Json.error(StatusCodes.INTERNAL_SERVER_ERROR, cause.getClass().getSimpleName() + ": "
        + cause.getMessage());
  }
}
