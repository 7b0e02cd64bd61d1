package org.pekkoraft.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.node.RaftSettingsException;

/**
 * Where a client finds the cluster: the {@code --nodes host:port,...} list, or else {@code pekko-raft.members} of
 * {@code conf/common.conf}; plus the name of the node actor. Nodes given by {@code --nodes} are named by their
 * endpoint until a leader hint tells their ids.
 *
 * @param nodes node id to "host:port"
 * @param actorName {@code pekko-raft.actor-name}
 * @param tls how to connect: mutual TLS with which credentials, or plain TCP
 */
record Endpoints(Map<NodeId, String> nodes, String actorName, ClientTls tls) {

  /** Node ids that may name a file in conf/: no path separators, no leading dot. */
  private static final Pattern SAFE_FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  /** {@code nodes} with the actor name and client credentials of conf/common.conf. */
  Endpoints(Map<NodeId, String> nodes, String actorName) {
    this(nodes, actorName, clientTls());
  }

  /** How clients connect, from conf/common.conf (system properties override it). */
  static ClientTls clientTls() {
    return ClientTls.from(common());
  }

  static Endpoints from(Optional<String> nodesOption) {
    Config common = common();
    String actorName = common.getString("pekko-raft.actor-name");
    ClientTls tls = ClientTls.from(common);
    if (nodesOption.isPresent()) {
      return new Endpoints(parseList(nodesOption.get()), actorName, tls);
    }
    Map<NodeId, String> members = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, ConfigValue> e : common.getObject("pekko-raft.members").entrySet()) {
        String endpoint = String.valueOf(e.getValue().unwrapped());
        RaftSettings.checkEndpoint("pekko-raft.members." + e.getKey(), endpoint);
        members.put(NodeId.of(e.getKey().replace("\"", "")), endpoint);
      }
    } catch (ConfigException | RaftSettingsException e) {
      throw LauncherException.config("invalid pekko-raft.members in conf/common.conf: " + e.getMessage());
    }
    if (members.isEmpty()) {
      throw LauncherException.config("conf/common.conf lists no pekko-raft.members; give --nodes host:port,...");
    }
    return new Endpoints(members, actorName, tls);
  }

  /**
   * The endpoint of {@code id} from its {@code conf/<id>.conf}, if there is such a file and it loads: how a client
   * finds members added at run time (such as node-4), which {@code pekko-raft.members} does not list.
   */
  static Optional<String> fromConfFile(NodeId id) {
    return ApiNodes.confOf(id).flatMap(ApiNodes::endpoint);
  }

  /** {@code conf/<id>.conf}, if {@code id} may name a file there and it exists. */
  static Optional<Path> confFile(NodeId id) {
    if (!SAFE_FILE_NAME.matcher(id.value()).matches()) {
      return Optional.empty();
    }
    Path file = Home.conf().resolve(id.value() + ".conf");
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /** Whether a {@code --nodes} entry is the URL of a node's HTTP API rather than an Artery endpoint. */
  static boolean isUrl(String entry) {
    return entry.startsWith("https://") || entry.startsWith("http://");
  }

  /**
   * Parses {@code host:port,host:port} (Artery endpoints) or {@code https://host:port,...} (HTTP APIs); each entry
   * is also its node's provisional id.
   */
  static Map<NodeId, String> parseList(String list) {
    Map<NodeId, String> nodes = new LinkedHashMap<>();
    for (String part : list.split(",", -1)) {
      String endpoint = part.strip();
      try {
        if (isUrl(endpoint)) {
          checkUrl(endpoint);
        } else {
          RaftSettings.checkEndpoint("--nodes entry", endpoint);
        }
      } catch (RaftSettingsException e) {
        throw LauncherException.config(e.getMessage());
      }
      nodes.put(NodeId.of(endpoint), endpoint);
    }
    return nodes;
  }

  /** An API URL is a scheme, a host and a port, nothing else (the CLI adds the paths). */
  private static void checkUrl(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null || uri.getPort() < 1 || !(uri.getPath() == null || uri.getPath().isEmpty()
          || uri.getPath().equals("/")) || uri.getQuery() != null || uri.getUserInfo() != null) {
        throw new RaftSettingsException("--nodes entry '" + url + "' is not https://HOST:PORT or http://HOST:PORT");
      }
    } catch (URISyntaxException e) {
      throw new RaftSettingsException("--nodes entry '" + url + "' is not a URL: " + e.getMessage());
    }
  }

  /** Refuses {@code --nodes} URLs where only Artery can serve (e.g. a node without an HTTP API in the list). */
  Endpoints arteryOnly(String why) {
    for (String endpoint : nodes.values()) {
      if (isUrl(endpoint)) {
        throw LauncherException.config("--nodes mixes API URLs and Artery endpoints " + why
            + "; give only one kind");
      }
    }
    return this;
  }

  /**
   * conf/common.conf over the library defaults of what a client reads ({@link ClientDefaults}), or just those
   * when it does not exist.
   */
  private static Config common() {
    Path file = Home.conf().resolve("common.conf");
    try {
      Config parsed = Files.isRegularFile(file)
          ? ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
          : ConfigFactory.empty();
      // Node-specific substitutions (such as the data directory) are irrelevant to a client.
      return ConfigFactory.systemProperties().withFallback(parsed).withFallback(ClientDefaults.config())
          .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    } catch (ConfigException e) {
      throw LauncherException.config("invalid configuration in " + Home.show(file) + ": " + e.getMessage());
    }
  }
}
