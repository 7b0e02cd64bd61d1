package org.pekkoraft.http;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeoutResponse;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The whole API: each concern is a route class of its own, composed here and sealed with the JSON error handlers
 * around all of them. The key-value routes have a body limit of their own, for values as large as the leader takes.
 */
final class ApiRoutes {

  /** No request of this API has a larger body. */
  static final long MAX_BODY_BYTES = 64 * 1024;

  private ApiRoutes() {}

  static Route of(NodeAccess node, KvAccess kv, HttpSettings settings, AdminAuth auth,
      MicrometerRaftMetrics metrics) {
    List<Route> routes = new ArrayList<>();
    routes.add(new HealthRoutes(node, settings).route());
    routes.add(new ClusterRoutes(node, settings).route());
    routes.add(new AdminRoutes(node, settings, auth).route());
    routes.add(new MetricsRoutes(metrics).route());
    Route rest = concat(routes.get(0), routes.subList(1, routes.size()).toArray(Route[]::new));
    Route all = concat(new KvRoutes(kv).route(), withSizeLimit(MAX_BODY_BYTES, () -> rest));
    return withRequestTimeoutResponse(request -> JsonErrors.timeout(), () -> all)
        .seal(JsonErrors.rejections(), JsonErrors.exceptions());
  }
}
