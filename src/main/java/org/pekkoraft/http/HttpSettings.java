package org.pekkoraft.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import org.pekkoraft.node.RaftSettingsException;

/**
 * The HTTP API's settings, {@code pekko-raft.http} (reference.conf describes each).
 *
 * @param enabled whether {@code bin/raft node} starts the server (an application starts {@link RaftHttpServer}
 *     itself)
 * @param hostname the interface to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param requestTimeout how long a request waits for this node, or for the leader it is forwarded to
 * @param adminTimeout how long a membership change or leadership transfer waits for the leader's answer
 * @param readyMaxLag {@code /ready} fails while this node has applied more than this many entries fewer than its
 *     leader's commit index, as the leader last told it
 * @param readyMaxLeaderSilence {@code /ready} fails while this node has not heard from its leader for this long
 */
public record HttpSettings(boolean enabled, String hostname, int port, Duration requestTimeout,
    Duration adminTimeout, long readyMaxLag, Duration readyMaxLeaderSilence) {

  private static final String P = "pekko-raft.http.";

  /**
   * Reads {@code pekko-raft.http} from a full configuration (reference.conf supplies the defaults).
   *
   * @throws RaftSettingsException naming the setting that is invalid
   */
  public static HttpSettings fromConfig(Config config) {
    try {
      HttpSettings s = new HttpSettings(config.getBoolean(P + "enabled"), config.getString(P + "hostname"),
          config.getInt(P + "port"), config.getDuration(P + "request-timeout"),
          config.getDuration(P + "admin-timeout"), config.getLong(P + "ready.max-lag"),
          config.getDuration(P + "ready.max-leader-silence"));
      s.check();
      return s;
    } catch (ConfigException e) {
      throw new RaftSettingsException(e.getMessage(), e);
    }
  }

  private void check() {
    if (hostname.isBlank()) {
      throw new RaftSettingsException(P + "hostname is empty; give the interface to listen on, e.g. 127.0.0.1");
    }
    if (port < 0 || port > 65535) {
      throw new RaftSettingsException(P + "port is " + port + "; expected 1-65535, or 0 for any free port");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero() || adminTimeout.isNegative()
        || adminTimeout.isZero() || readyMaxLeaderSilence.isNegative() || readyMaxLeaderSilence.isZero()) {
      throw new RaftSettingsException(P + "request-timeout, admin-timeout and ready.max-leader-silence must be"
          + " positive");
    }
    if (readyMaxLag < 0) {
      throw new RaftSettingsException(P + "ready.max-lag is " + readyMaxLag + "; it must be 0 or more entries");
    }
  }
}
