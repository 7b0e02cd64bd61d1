package org.pekkoraft.http;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;
import org.pekkoraft.node.ArteryTls;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.node.RaftSettingsException;
import org.pekkoraft.protocol.NodeProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's HTTP/JSON API: {@code /health}, {@code /ready}, {@code /status}, {@code /members}, the admin requests,
 * {@code /metrics} and the key-value routes {@code /kv/<key>}, {@code /kv-cas}, {@code /kv-range} and
 * {@code /kv-txn}, for a node that runs the bundled KV store (docs/operations.md). HTTPS with mutual TLS from the
 * node's credentials when {@code pekko-raft.security.mode = tls}, plain HTTP in {@code plaintext-insecure}.
 *
 * <p>Create it before the node, give the node its {@link #metrics()}, then start it in the node's ActorSystem:
 *
 * <pre>{@code
 * RaftHttpServer http = RaftHttpServer.create(settings, system.settings().config());
 * ActorRef<NodeProtocol.Command> node = ctx.spawn(RaftNode.create(settings, machine, http.metrics()), "raft");
 * http.start(system, node);   // CompletionStage<ServerBinding>; unbinds in the system's coordinated shutdown
 * }</pre>
 *
 * <p>Needs {@code org.apache.pekko:pekko-http_2.13} and {@code io.micrometer:micrometer-registry-prometheus} on the
 * class path: the library declares them optional.
 */
public final class RaftHttpServer {

  private static final Logger log = LoggerFactory.getLogger(RaftHttpServer.class);
  /** How long open requests may finish when the system shuts down. */
  private static final Duration UNBIND_DEADLINE = Duration.ofSeconds(3);
  /**
   * At least this long a request line is taken (Pekko's default is 2 KiB): a key in the path may be
   * {@link org.pekkoraft.kv.KvLimits#MAX_KEY_BYTES} bytes, three times as long percent-encoded.
   */
  static final int MAX_URI_LENGTH = 16 * 1024;

  private final RaftSettings raft;
  private final HttpSettings settings;
  private final MicrometerRaftMetrics metrics;

  private RaftHttpServer(RaftSettings raft, HttpSettings settings) {
    this.raft = raft;
    this.settings = settings;
    this.metrics = new MicrometerRaftMetrics(raft.nodeId());
  }

  /**
   * The server of the node with {@code raft} settings, configured by {@code pekko-raft.http} of {@code config}.
   *
   * @throws RaftSettingsException naming an invalid setting
   */
  public static RaftHttpServer create(RaftSettings raft, Config config) {
    return new RaftHttpServer(raft, HttpSettings.fromConfig(config));
  }

  /** What the node reports to, and {@code /metrics} shows. */
  public MicrometerRaftMetrics metrics() {
    return metrics;
  }

  public HttpSettings settings() {
    return settings;
  }

  /** "https" in security mode tls, else "http". */
  public String scheme() {
    return raft.security().tls() ? "https" : "http";
  }

  /**
   * Binds the API to {@code pekko-raft.http.hostname} and {@code port}, serving {@code node} (this server's node,
   * running in {@code system}). Completes when it listens, or fails (a port in use, unreadable credentials). The
   * binding is added to the system's coordinated shutdown, and the metrics are closed when the system terminates.
   */
  public CompletionStage<ServerBinding> start(ActorSystem<?> system, ActorRef<NodeProtocol.Command> node) {
    system.getWhenTerminated().thenRun(metrics::close);
    NodeAccess access = new NodeAccess(system, node, raft.actorName());
    AdminAuth auth = new AdminAuth(raft.security().adminKey());
    KvAccess kv = new KvAccess(system, access, raft, settings);
    Function<HttpRequest, CompletionStage<HttpResponse>> routes =
        ApiRoutes.of(access, kv, settings, auth, metrics).handler(system);
    ServerBuilder builder = Http.get(system).newServerAt(settings.hostname(), settings.port())
        .adaptSettings(s -> s.withParserSettings(s.getParserSettings().withMaxUriLength(
            Math.max(s.getParserSettings().getMaxUriLength(), MAX_URI_LENGTH))));
    if (raft.security().tls()) {
      try {
        builder = builder.enableHttps(new HttpsContext(raft.security().dir(), Duration.parse("PT"
            + ArteryTls.RELOAD_AFTER)).connectionContext());
      } catch (IOException e) {
        return CompletableFuture.failedFuture(new RaftSettingsException("the HTTPS API needs this node's"
            + " credentials: " + e.getMessage(), e));
      }
    }
    Function<HttpRequest, CompletionStage<HttpResponse>> handler = request -> timed(routes, request);
    return builder.bind(handler).thenApply(binding -> {
      log.info("{} serves its HTTP API at {}://{}:{}", raft.nodeId(), scheme(), binding.localAddress().getHostString(),
          binding.localAddress().getPort());
      return binding.addToCoordinatedShutdown(UNBIND_DEADLINE, system);
    });
  }

  /** Answers {@code request} and records it in {@code http_server_requests} by method and status. */
  private CompletionStage<HttpResponse> timed(Function<HttpRequest, CompletionStage<HttpResponse>> routes,
      HttpRequest request) throws Exception {
    long started = System.nanoTime();
    return routes.apply(request).thenApply(response -> {
      Timer.builder("http_server_requests").description("HTTP requests this node's API answered")
          .tag("method", request.method().value()).tag("status", String.valueOf(response.status().intValue()))
          .register(metrics.registry()).record(Duration.ofNanos(System.nanoTime() - started));
      return response;
    });
  }
}
