package org.pekkoraft.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.pekkoraft.http.HttpSettings;
import org.pekkoraft.node.ArteryTls;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.node.RaftSettingsException;
import org.pekkoraft.node.ThreadPools;

/**
 * A node's configuration file, loaded with its includes over the library defaults (system properties override
 * it, as in any Pekko application), with every data path made absolute against {@link Home}. Loading only reads:
 * it creates no file or directory.
 *
 * @param file the file it was read from
 * @param config the full, resolved configuration to start the ActorSystem with
 * @param nodeId {@code pekko-raft.node-id}
 * @param dataDir {@code pekko-raft.data-dir}: where the journal, snapshots and {@code node.log} go
 * @param journalDir the LevelDB journal directory
 * @param bindHost the host Artery listens on
 * @param bindPort the port Artery listens on
 */
record NodeConfig(Path file, Config config, String nodeId, Path dataDir, Path journalDir, String bindHost,
    int bindPort) {

  private static final String DATA_DIR = "pekko-raft.data-dir";
  private static final String ARTERY = "pekko.remote.artery.";
  private static final String SECURITY_DIR = "pekko-raft.security.dir";

  /** {@code conf/node-N.conf}. */
  static Path defaultFile(int id) {
    return Home.conf().resolve("node-" + id + ".conf");
  }

  /** Loads {@code file}; any problem is a {@link LauncherException} with exit code 2 naming the file. */
  static NodeConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw LauncherException.config("configuration file " + Home.show(file) + " does not exist");
    }
    try {
      Config parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      Config config = ConfigFactory.load(parsed.withFallback(ThreadPools.config()));
      if (!config.hasPath(DATA_DIR)) {
        throw LauncherException.config(Home.show(file) + ": " + DATA_DIR
            + " is not set (the directory for the node's journal, snapshots and node.log)");
      }
      config = absolute(config, DATA_DIR);
      config = credentials(config);
      String host = config.getString(ARTERY + "bind.hostname");
      if (host.isEmpty()) {
        host = config.getString(ARTERY + "canonical.hostname");
      }
      String bindPort = config.getString(ARTERY + "bind.port");
      int port = bindPort.isEmpty() ? config.getInt(ARTERY + "canonical.port") : Integer.parseInt(bindPort);
      return new NodeConfig(file, config, config.getString("pekko-raft.node-id"),
          Path.of(config.getString(DATA_DIR)), RaftSettings.journalDir(Path.of(config.getString(DATA_DIR))), host,
          port);
    } catch (ConfigException | NumberFormatException e) {
      // Typesafe Config names the file and line itself when it knows them.
      String message = e.getMessage().contains(file.toString()) ? e.getMessage()
          : Home.show(file) + ": " + e.getMessage();
      throw LauncherException.config("invalid configuration: " + message);
    }
  }

  /**
   * Makes {@code pekko-raft.security.dir} absolute, derives the join proof from its peer secret and, in mode tls,
   * points Artery's TLS files at it: the one setting a node's credentials need (Pekko's own default looks under
   * /var/run/secrets).
   */
  private static Config credentials(Config config) {
    if (!config.hasPath(SECURITY_DIR) || config.getString(SECURITY_DIR).isBlank()) {
      return config;
    }
    Path dir = Home.resolve(config.getString(SECURITY_DIR));
    try {
      if ("tls".equals(config.getString("pekko-raft.security.mode"))) {
        return ArteryTls.config(dir).withFallback(config);
      }
      return ArteryTls.credentials(dir).withFallback(config);
    } catch (RaftSettingsException e) {
      throw LauncherException.config(e.getMessage());
    }
  }

  private static Config absolute(Config config, String key) {
    if (!config.hasPath(key)) {
      return config;
    }
    String dir = config.getString(key);
    if (dir.isBlank()) {
      throw LauncherException.config(key + " is empty");
    }
    return config.withValue(key, ConfigValueFactory.fromAnyRef(Home.resolve(dir).toString()));
  }

  /** The same node with {@code key} set to {@code value} (e.g. {@code pekko-raft.join} for {@code --join}). */
  NodeConfig with(String key, Object value) {
    return new NodeConfig(file, config.withValue(key, ConfigValueFactory.fromAnyRef(value)), nodeId, dataDir,
        journalDir, bindHost, bindPort);
  }

  /** The node's HTTP API settings ({@code pekko-raft.http}); a {@link LauncherException} names a bad one. */
  HttpSettings http() {
    try {
      return HttpSettings.fromConfig(config);
    } catch (RaftSettingsException e) {
      throw LauncherException.config(Home.show(file) + ": " + e.getMessage());
    }
  }

  /** Where the node serves its HTTP API, e.g. {@code https://127.0.0.1:8081}, when it does. */
  Optional<String> httpUrl() {
    HttpSettings http = http();
    if (!http.enabled()) {
      return Optional.empty();
    }
    String scheme = "tls".equals(config.getString("pekko-raft.security.mode")) ? "https" : "http";
    return Optional.of(scheme + "://" + http.hostname() + ":" + http.port());
  }

  /** The Artery endpoint other nodes reach this one at, e.g. {@code 127.0.0.1:2551}. */
  String endpoint() {
    return config.getString(ARTERY + "canonical.hostname") + ":" + config.getInt(ARTERY + "canonical.port");
  }
}
