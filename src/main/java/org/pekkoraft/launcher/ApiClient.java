package org.pekkoraft.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLHandshakeException;
import org.pekkoraft.security.CertificateRole;
import org.pekkoraft.security.TlsContexts;

/**
 * The command line's HTTP(S) client for the nodes' API ({@code org.pekkoraft.http}): the JDK's {@link HttpClient}
 * with the client or admin certificate when the cluster runs TLS, so that a command needs no ActorSystem. Answers
 * are JSON objects; a body that is not one is read as an empty object, and the status code decides.
 */
final class ApiClient {

  /**
   * How long to wait for a connection, TLS handshake included (the JDK counts it in): a node that is down refuses
   * at once, but a cold JVM's first handshakes, several at a time, take most of a second on a busy machine.
   */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  static final ObjectMapper JSON = new ObjectMapper();

  /** One answer: its status code and JSON body. */
  record Answer(int status, JsonNode body) {
    /** The body's {@code error} field, or the status code when there is none. */
    String error() {
      JsonNode error = body.get("error");
      return error != null && error.isTextual() ? error.asText() : "HTTP status " + status;
    }
  }

  /**
   * A request that failed before any answer came.
   *
   * @param notSent true when the node certainly did not get the request (no connection, no TLS session), so that
   *     a write may go to another node
   */
  static final class Unanswered extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean notSent;

    Unanswered(String message, boolean notSent) {
      super(message, null, false, false);
      this.notSent = notSent;
    }

    boolean notSent() {
      return notSent;
    }
  }

  private final HttpClient http;
  private final String authorization;

  ApiClient(ClientTls tls, CertificateRole role) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
    if (tls.enabled()) {
      try {
        builder.sslContext(TlsContexts.mutual(tls.credentials(role)));
      } catch (IOException e) {
        throw LauncherException.config("cannot use the " + role.label() + " certificate: " + e.getMessage());
      }
    }
    http = builder.build();
    String token = tls.adminToken(role);
    authorization = token.isEmpty() ? "" : "Bearer " + token;
  }

  /** An empty JSON object to fill in as a request body. */
  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Sends one request ({@code body} null for none) and waits at most {@code timeout} for its answer. */
  Answer send(URI uri, String method, JsonNode body, Duration timeout) throws Unanswered {
    try {
      return start(uri, method, body, timeout).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw unanswered(e.getCause() == null ? e : e.getCause(), uri);
    }
  }

  /** Like {@link #send} without waiting; the future fails with {@link Unanswered} (wrapped). */
  CompletableFuture<Answer> start(URI uri, String method, JsonNode body, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(positive(timeout))
        .header("Accept", "application/json");
    if (!authorization.isEmpty()) {
      request.header("Authorization", authorization);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> new Answer(r.statusCode(), parse(r.body())));
  }

  static Unanswered unanswered(Throwable error, URI uri) {
    Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (e instanceof Unanswered u) {
      return u;
    }
    String where = uri.getScheme() + "://" + uri.getAuthority();
    if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
      return new Unanswered(where + " refused or did not accept the connection", true);
    }
    if (e instanceof SSLHandshakeException) {
      return new Unanswered(where + ": TLS handshake failed (" + e.getMessage() + ")", true);
    }
    if (e instanceof HttpTimeoutException) {
      return new Unanswered(where + " did not answer in time", false);
    }
    return new Unanswered(where + ": " + e, false);
  }

  private static Duration positive(Duration timeout) {
    return timeout.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : timeout;
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request body", e);
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = body.length == 0 ? null : JSON.readTree(body);
      return node != null && node.isObject() ? node : object();
    } catch (IOException e) {
      return object();
    }
  }
}
