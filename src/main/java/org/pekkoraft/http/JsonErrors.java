package org.pekkoraft.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko HTTP's own error answers (unknown path, wrong method, body too large, request timeout) and the routes'
 * exceptions, as JSON {@code {"error": "..."}} with the same status codes, instead of Pekko's plain text. They must
 * wrap the whole route: a rejection handler inside one branch would answer for it and hide the later branches.
 */
final class JsonErrors {

  private static final Logger log = LoggerFactory.getLogger(JsonErrors.class);

  private JsonErrors() {}

  static RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handle(MalformedRequestContentRejection.class, r -> complete(r.getCause() instanceof
            EntityStreamSizeException size ? tooLarge(size) : Json.error(StatusCodes.BAD_REQUEST,
            "the request content was malformed: " + r.message())))
        .build()
        .withFallback(RejectionHandler.defaultHandler().mapRejectionResponse(JsonErrors::asJson));
  }

  private static HttpResponse tooLarge(EntityStreamSizeException e) {
    return Json.error(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is larger than the limit of " + e.limit()
        + " bytes");
  }

  static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(Json.BadRequest.class, e -> complete(Json.error(StatusCodes.BAD_REQUEST, e.getMessage())))
        .match(EntityStreamSizeException.class, e -> complete(tooLarge(e)))
        .matchAny(e -> {
          log.error("HTTP request failed", e);
          return complete(Json.error(StatusCodes.INTERNAL_SERVER_ERROR, e.getClass().getSimpleName() + ": "
              + e.getMessage()));
        })
        .build();
  }

  /** The answer when the route does not answer within the server's request timeout. */
  static HttpResponse timeout() {
    return Json.error(StatusCodes.SERVICE_UNAVAILABLE, "the request took longer than the server's request timeout"
        + " (pekko.http.server.request-timeout); retry");
  }

  /** Pekko's text answer as {@code {"error": text}}: one line, its status kept. */
  private static HttpResponse asJson(HttpResponse response) {
    if (response.entity() instanceof HttpEntity.Strict strict
        && !strict.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
      String text = strict.getData().utf8String().strip().replaceAll("\\s*\\n\\s*", " ");
      return Json.error(response.status(), text).withHeaders(response.getHeaders());
    }
    return response;
  }
}
