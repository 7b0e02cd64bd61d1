package org.pekkoraft.multijvm;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How a nemesis run goes, from system properties (Maven passes {@code -D} options on to the test JVM):
 * {@code nemesis.seed} replays a run's fault schedule, {@code nemesis.seconds} sets how long faults are injected
 * (default 25, short enough for every {@code mvn verify}), {@code nemesis.clients} the number of concurrent
 * clients (default 6, plus one writer of unique keys).
 */
record NemesisSettings(long seed, int seconds, int clients) {

  static final int DEFAULT_SECONDS = 25;
  static final int DEFAULT_CLIENTS = 6;

  static NemesisSettings fromSystemProperties() {
    String seed = System.getProperty("nemesis.seed");
    return new NemesisSettings(seed == null || seed.isBlank() ? ThreadLocalRandom.current().nextLong()
        : Long.parseLong(seed.trim()), Integer.getInteger("nemesis.seconds", DEFAULT_SECONDS),
        Integer.getInteger("nemesis.clients", DEFAULT_CLIENTS));
  }

  /** The options that replay this run. */
  String replay() {
    return "-Dnemesis.seed=" + seed + " -Dnemesis.seconds=" + seconds;
  }
}
