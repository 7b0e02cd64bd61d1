package org.pekkoraft.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** A test client of the HTTP API on the JDK's HttpClient, as a user's program would be. */
final class HttpProbe {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(40);

  private final HttpClient client;

  HttpProbe() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  HttpProbe(SSLContext tls) {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build());
  }

  private HttpProbe(HttpClient client) {
    this.client = client;
  }

  /** An answer: its status, content type and body. */
  record Answer(int status, String contentType, String body, HttpResponse<String> raw) {

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + body, e);
      }
    }

    boolean isJson() {
      return contentType.startsWith("application/json");
    }
  }

  Answer get(URI uri) throws IOException {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  Answer send(String method, URI uri, String body, Optional<String> authorization) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    authorization.ifPresent(a -> request.header("Authorization", a));
    return send(request);
  }

  /** GET, failing the test on a transport error (for polling a node that is known to listen). */
  Answer poll(URI uri) {
    try {
      return get(uri);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Answer send(HttpRequest.Builder request) throws IOException {
    try {
      HttpResponse<String> response = client.send(request.timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body(), response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
