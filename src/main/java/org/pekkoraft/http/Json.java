package org.pekkoraft.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;

/**
 * JSON in and out of the API: every response body is a JSON object, every error {@code {"error": "<one line>"}}.
 * Requests are read strictly: an unknown or mistyped field is an error, never silently ignored.
 */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** A request body that cannot be used; its message is the whole answer. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  static HttpResponse response(StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
    }
  }

  static HttpResponse error(StatusCode status, String message) {
    return response(status, Map.of("error", message));
  }

  /**
   * Reads {@code body} as a {@code type}.
   *
   * @throws BadRequest saying what is wrong with it, in one line
   */
  static <T> T parse(String body, Class<T> type) {
    if (body.isBlank()) {
      throw new BadRequest("the request needs a JSON body");
    }
    try {
      return MAPPER.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
          .collect(Collectors.joining(", "));
      throw new BadRequest("unknown field '" + e.getPropertyName() + "' (expected: " + known + ")");
    } catch (MismatchedInputException e) {
      String field = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]"
          : r.getFieldName()).collect(Collectors.joining("."));
      throw new BadRequest(field.isEmpty() ? "the body must be a JSON object"
          : "field '" + field + "' has the wrong type");
    } catch (JsonProcessingException e) {
      throw new BadRequest("malformed JSON: " + e.getOriginalMessage());
    }
  }

  /** A required text field: present and not blank. */
  static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new BadRequest("field '" + field + "' is required");
    }
    return value;
  }
}
