package org.pekkoraft.client;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.pekkoraft.core.NodeId;

/**
 * Where the cluster is and how patient to be.
 *
 * @param endpoints node id to "host:port" for the nodes to try (more are learned from leader hints)
 * @param systemName the nodes' ActorSystem name
 * @param actorName the name of each node's RaftNode actor under /user
 * @param attemptTimeout how long to wait for one node before trying another
 * @param deadline how long a request may take in all, retries included
 * @param sessions use a session (one RegisterClient write up front) so that retried writes apply exactly once
 * @param maxInFlightPerSession writes of the session unanswered at once; more wait for one to be answered. Keep it
 *     below the nodes' {@code pekko-raft.sessions.max-results-per-session} (1024 by default), or a retry of an old
 *     write may be answered "outcome unknown"
 * @param adminToken the cluster's admin secret (an admin directory's {@code admin.secret}), sent with membership
 *     changes and leadership transfers; "" for a client that only reads and writes
 * @param maxBatchesInFlight with sessions, writes go in batches: at most this many batch requests are unanswered at
 *     once, and writes submitted meanwhile leave together in the next (a lone write leaves at once). 0: every write
 *     is a request of its own
 */
public record RaftClientSettings(Map<NodeId, String> endpoints, String systemName, String actorName,
    Duration attemptTimeout, Duration deadline, boolean sessions, int maxInFlightPerSession, String adminToken,
    int maxBatchesInFlight) {

  /** Half the nodes' default session cache. */
  public static final int DEFAULT_MAX_IN_FLIGHT_PER_SESSION = 512;
  /**
   * Off: every write is a request of its own. The leader already proposes and persists the writes that arrive
   * together as one batch, and in paired bench runs client batches measured no gain at 8 and 64 writers (2 in
   * flight cost about 20 %, 32 matched no batching); docs/performance.md, round 5.
   */
  public static final int DEFAULT_MAX_BATCHES_IN_FLIGHT = 0;

  /** Settings of the fields before {@link #maxBatchesInFlight()}, with its default. */
  public RaftClientSettings(Map<NodeId, String> endpoints, String systemName, String actorName,
      Duration attemptTimeout, Duration deadline, boolean sessions, int maxInFlightPerSession, String adminToken) {
    this(endpoints, systemName, actorName, attemptTimeout, deadline, sessions, maxInFlightPerSession, adminToken,
        DEFAULT_MAX_BATCHES_IN_FLIGHT);
  }

  public RaftClientSettings {
    endpoints = Map.copyOf(endpoints);
    Objects.requireNonNull(systemName, "systemName");
    Objects.requireNonNull(actorName, "actorName");
    Objects.requireNonNull(adminToken, "adminToken (\"\" for none)");
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one node endpoint is needed");
    }
    if (maxInFlightPerSession < 1) {
      throw new IllegalArgumentException("maxInFlightPerSession must be positive, was " + maxInFlightPerSession);
    }
    if (maxBatchesInFlight < 0) {
      throw new IllegalArgumentException("maxBatchesInFlight must not be negative, was " + maxBatchesInFlight);
    }
  }

  public static RaftClientSettings of(Map<NodeId, String> endpoints) {
    return new RaftClientSettings(endpoints, "raft", "raft", Duration.ofSeconds(1), Duration.ofSeconds(5), true,
        DEFAULT_MAX_IN_FLIGHT_PER_SESSION, "");
  }

  public RaftClientSettings withDeadline(Duration d) {
    return new RaftClientSettings(endpoints, systemName, actorName, attemptTimeout, d, sessions, maxInFlightPerSession,
        adminToken, maxBatchesInFlight);
  }

  public RaftClientSettings withAttemptTimeout(Duration d) {
    return new RaftClientSettings(endpoints, systemName, actorName, d, deadline, sessions, maxInFlightPerSession,
        adminToken, maxBatchesInFlight);
  }

  public RaftClientSettings withSystemName(String name) {
    return new RaftClientSettings(endpoints, name, actorName, attemptTimeout, deadline, sessions, maxInFlightPerSession,
        adminToken, maxBatchesInFlight);
  }

  public RaftClientSettings withSessions(boolean on) {
    return new RaftClientSettings(endpoints, systemName, actorName, attemptTimeout, deadline, on, maxInFlightPerSession,
        adminToken, maxBatchesInFlight);
  }

  public RaftClientSettings withMaxInFlightPerSession(int max) {
    return new RaftClientSettings(endpoints, systemName, actorName, attemptTimeout, deadline, sessions, max,
        adminToken, maxBatchesInFlight);
  }

  /** The admin secret to send with admin requests (see {@link #adminToken()}). */
  public RaftClientSettings withAdminToken(String token) {
    return new RaftClientSettings(endpoints, systemName, actorName, attemptTimeout, deadline, sessions,
        maxInFlightPerSession, token, maxBatchesInFlight);
  }

  /** See {@link #maxBatchesInFlight()}; 0 sends every write as a request of its own. */
  public RaftClientSettings withMaxBatchesInFlight(int max) {
    return new RaftClientSettings(endpoints, systemName, actorName, attemptTimeout, deadline, sessions,
        maxInFlightPerSession, adminToken, max);
  }

  @Override
  public String toString() {
    return "RaftClientSettings[" + endpoints + ", system " + systemName + ", actor " + actorName + ", attempt "
        + attemptTimeout + ", deadline " + deadline + (sessions ? ", sessions" : "") + ", admin token "
        + (adminToken.isEmpty() ? "none" : "set") + ", batches in flight " + maxBatchesInFlight + "]";
  }
}
