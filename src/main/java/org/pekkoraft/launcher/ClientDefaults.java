package org.pekkoraft.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;

/**
 * The library defaults of the few settings a client command reads from {@code conf/} files, as
 * {@code reference.conf} has them. Parsing the whole {@code reference.conf} of the jar (Pekko's and pekko-http's
 * included) takes a client a quarter of a second, more than the rest of a {@code get}; a test checks that these
 * values are the same as there.
 */
final class ClientDefaults {

  /** The settings given here; nothing else may be read from a configuration built on {@link #config()}. */
  static final List<String> PATHS = List.of("pekko-raft.actor-name", "pekko-raft.members", "pekko-raft.security.mode",
      "pekko-raft.http.enabled", "pekko-raft.http.hostname", "pekko-raft.http.port");

  private static final Config DEFAULTS = ConfigFactory.parseString("""
      pekko-raft {
        actor-name = "raft"
        members = {}
        security.mode = tls
        http { enabled = off, hostname = "127.0.0.1", port = 8080 }
      }
      """);

  private ClientDefaults() {}

  static Config config() {
    return DEFAULTS;
  }
}
