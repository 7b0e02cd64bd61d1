package org.pekkoraft.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics}: every meter in the Prometheus text format (docs/operations.md lists them). */
final class MetricsRoutes {

  static final ContentType PROMETHEUS_TEXT = ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private final MicrometerRaftMetrics metrics;

  MetricsRoutes(MicrometerRaftMetrics metrics) {
    this.metrics = metrics;
  }

  Route route() {
    return path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(
        HttpEntities.create(PROMETHEUS_TEXT, metrics.scrape().getBytes(StandardCharsets.UTF_8))))));
  }
}
