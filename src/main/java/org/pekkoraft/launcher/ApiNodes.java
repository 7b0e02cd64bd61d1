package org.pekkoraft.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.pekkoraft.core.NodeId;

/**
 * Where the HTTP API of each node a command talks to is. A node of {@code pekko-raft.members} (or one that a
 * configuration names, such as node-4) has it in its {@code conf/<id>.conf}; a {@code --nodes} entry is either an
 * API URL ({@code https://host:port}) or an Artery endpoint, whose API is that of the conf file with the same
 * Artery endpoint. The client commands use the API when every node they were given has one, and Artery otherwise.
 *
 * @param urls node id (or provisional id) to its API's base URL, in the order the nodes were given
 */
record ApiNodes(Map<NodeId, URI> urls) {

  /** The API of every node of {@code endpoints}, or empty when one of them has none that this client knows. */
  static Optional<ApiNodes> of(Endpoints endpoints) {
    Map<NodeId, URI> urls = new LinkedHashMap<>();
    for (Map.Entry<NodeId, String> node : endpoints.nodes().entrySet()) {
      Optional<URI> url = Endpoints.isUrl(node.getValue()) ? Optional.of(URI.create(node.getValue()))
          : fromConfFile(node.getKey()).or(() -> byEndpoint(node.getValue()));
      if (url.isEmpty()) {
        return Optional.empty();
      }
      urls.put(node.getKey(), url.get());
    }
    return Optional.of(new ApiNodes(urls));
  }

  /** The API of {@code conf/<id>.conf}'s node, if that file names node {@code id} and serves an API. */
  static Optional<URI> fromConfFile(NodeId id) {
    return confOf(id).flatMap(ApiNodes::url);
  }

  /** {@code conf/<id>.conf} as a client reads it, if that file exists and names node {@code id}. */
  static Optional<Config> confOf(NodeId id) {
    return Endpoints.confFile(id).flatMap(file -> read(file).filter(c -> id.value().equals(nodeId(c))));
  }

  /** The API of the node in conf/ whose Artery endpoint is {@code endpoint}. */
  private static Optional<URI> byEndpoint(String endpoint) {
    try (Stream<Path> files = Files.list(Home.conf())) {
      List<Path> confs = files.filter(f -> f.getFileName().toString().endsWith(".conf")).sorted().toList();
      for (Path file : confs) {
        Optional<Config> config = read(file).filter(c -> endpoint(c).filter(endpoint::equals).isPresent());
        if (config.isPresent()) {
          return url(config.get());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * A node's file over the library defaults of what a client reads ({@link ClientDefaults}), system properties
   * first (as a node reads it), without resolving what a client does not need; empty when it does not parse.
   */
  private static Optional<Config> read(Path file) {
    try {
      Config parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      return Optional.of(ConfigFactory.systemProperties().withFallback(parsed)
          .withFallback(ClientDefaults.config())
          .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true)));
    } catch (ConfigException e) {
      return Optional.empty();
    }
  }

  private static String nodeId(Config config) {
    try {
      return config.getString("pekko-raft.node-id");
    } catch (ConfigException e) {
      return null;
    }
  }

  /** The node's Artery endpoint, {@code host:port}, as other nodes reach it. */
  static Optional<String> endpoint(Config config) {
    try {
      return Optional.of(config.getString("pekko.remote.artery.canonical.hostname") + ":"
          + config.getInt("pekko.remote.artery.canonical.port"));
    } catch (ConfigException e) {
      return Optional.empty();
    }
  }

  /** {@code https://host:port} (plain {@code http} when the cluster runs without TLS), if the API is on. */
  private static Optional<URI> url(Config config) {
    try {
      int port = config.getInt("pekko-raft.http.port");
      if (!config.getBoolean("pekko-raft.http.enabled") || port == 0) {
        return Optional.empty();
      }
      String host = config.getString("pekko-raft.http.hostname");
      if (host.equals("0.0.0.0") || host.equals("::")) {
        host = config.getString("pekko.remote.artery.canonical.hostname");
      }
      String scheme = "plaintext-insecure".equals(config.getString("pekko-raft.security.mode")) ? "http" : "https";
      return Optional.of(URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port));
    } catch (ConfigException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
