package org.pekkoraft.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Thread-pool settings for the ActorSystem of a Raft node or client ({@code pekko-raft-threads.conf}): one pool
 * sized by the core count instead of Pekko's five, and one Artery inbound lane. Measured with {@code bin/raft bench}
 * on 2 cores: 74 context switches per write at 1 writer become about 30, and throughput grows by about half at
 * every load (docs/performance.md).
 *
 * <p>They are Pekko settings, so they cannot live in this library's reference.conf: where reference.conf files are
 * merged into one (a shaded jar) Pekko's own would win. Put {@link #config()} under the application's configuration:
 * {@code ConfigFactory.load(application.withFallback(ThreadPools.config()))}, or use {@link #under(Config)}; any of
 * its keys set there wins.
 */
public final class ThreadPools {

  private static final String RESOURCE = "pekko-raft-threads.conf";

  private ThreadPools() {}

  /**
   * {@code settings} over system properties, then these settings, then {@link ConfigFactory#load()} (application
   * and reference configuration), resolved: the whole configuration for an ActorSystem built in code.
   */
  public static Config under(Config settings) {
    return settings.withFallback(ConfigFactory.systemProperties()).withFallback(config())
        .withFallback(ConfigFactory.load()).resolve();
  }

  /** The settings, unresolved, with nothing else in them. */
  public static Config config() {
    Config config = ConfigFactory.parseResources(ThreadPools.class.getClassLoader(), RESOURCE);
    if (config.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " is missing from the class path");
    }
    return config;
  }
}
