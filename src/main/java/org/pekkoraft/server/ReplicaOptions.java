package org.pekkoraft.server;

import java.util.Objects;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftOptions;

/**
 * A replica's settings as plain values; the node builds them from {@code RaftSettings}, the simulator by hand.
 *
 * @param nodeId this server
 * @param raft the core's timing and replication limits, in ticks
 * @param bootstrap the configuration used while neither the log nor a snapshot holds one (empty for a joiner)
 * @param maxCommandBytes a larger client command is refused before it reaches the log
 * @param readMode how linearizable reads are served
 * @param leaseNanos with {@link ReadMode#LEASE}, how long after a heartbeat round began that a quorum answered the
 *     leader may answer reads without another round, on the host's monotonic clock: the minimum election timeout
 *     less a margin for clock drift
 * @param snapshotEveryEntries snapshot the state machine after this many entries applied since the last snapshot;
 *     0 never
 * @param maxSessions client sessions kept; the least recently used expires beyond it
 * @param sessionExpireAfterMillis a session unused this long, by leader-stamped time, expires
 * @param maxResultsPerSession unacknowledged results a session keeps; a retry of an older one is answered
 *     OutcomeUnknown, never applied again. Part of the replicated state's rules: the same on every replica
 */
public record ReplicaOptions(NodeId nodeId, RaftOptions raft, Configuration bootstrap, int maxCommandBytes,
    ReadMode readMode, long leaseNanos, long snapshotEveryEntries, int maxSessions, long sessionExpireAfterMillis,
    int maxResultsPerSession) {

  /** How linearizable reads are served. */
  public enum ReadMode {
    /** A heartbeat round confirms leadership for each batch of reads (section 6.4). */
    READ_INDEX,
    /** Each read goes through the log as an entry. */
    LOG,
    /** No round trip while the leader's lease holds; assumes bounded clock drift (docs/consistency.md). */
    LEASE
  }

  public ReplicaOptions {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(raft, "raft");
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(readMode, "readMode");
    if (maxCommandBytes < 1 || maxSessions < 1 || sessionExpireAfterMillis < 1 || maxResultsPerSession < 1) {
      throw new IllegalArgumentException(
          "maxCommandBytes, maxSessions, sessionExpireAfterMillis and maxResultsPerSession must be positive");
    }
  }
}
