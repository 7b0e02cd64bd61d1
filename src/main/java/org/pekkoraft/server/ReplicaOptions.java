package org.pekkoraft.server;

import java.util.Objects;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftOptions;

/**
 * A replica's settings as plain values; the node builds them from {@code RaftSettings}, tests and the simulator from
 * {@link #defaults} with the {@code with...} methods.
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
 * @param maxPendingWrites a leader with this many client writes unanswered, or this many entries not yet on its own
 *     disk, answers further writes Busy instead of letting its memory and its persist queue grow without bound
 */
public record ReplicaOptions(NodeId nodeId, RaftOptions raft, Configuration bootstrap, int maxCommandBytes,
    ReadMode readMode, long leaseNanos, long snapshotEveryEntries, int maxSessions, long sessionExpireAfterMillis,
    int maxResultsPerSession, int maxPendingWrites) {

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
    if (maxCommandBytes < 1 || maxSessions < 1 || sessionExpireAfterMillis < 1 || maxResultsPerSession < 1
        || maxPendingWrites < 1 || leaseNanos < 0 || snapshotEveryEntries < 0) {
      throw new IllegalArgumentException("replica options out of range: " + this);
    }
  }

  /**
   * The library's defaults (as in reference.conf) for a server with 10 ms ticks: ReadIndex reads, a lease of the
   * minimum election timeout less 50 ms, no snapshots, 10,000 sessions kept an hour with 1,024 results each, 64 KiB
   * commands, 10,000 pending writes.
   */
  public static ReplicaOptions defaults(NodeId nodeId, RaftOptions raft, Configuration bootstrap) {
    long leaseNanos = Math.max(0, raft.electionTimeoutMinTicks() * 10_000_000L - 50_000_000L);
    return new ReplicaOptions(nodeId, raft, bootstrap, 64 * 1024, ReadMode.READ_INDEX, leaseNanos, 0, 10_000,
        3_600_000L, 1024, 10_000);
  }

  public ReplicaOptions withReadMode(ReadMode mode, long lease) {
    return new ReplicaOptions(nodeId, raft, bootstrap, maxCommandBytes, mode, lease, snapshotEveryEntries,
        maxSessions, sessionExpireAfterMillis, maxResultsPerSession, maxPendingWrites);
  }

  public ReplicaOptions withSnapshotEvery(long entries) {
    return new ReplicaOptions(nodeId, raft, bootstrap, maxCommandBytes, readMode, leaseNanos, entries,
        maxSessions, sessionExpireAfterMillis, maxResultsPerSession, maxPendingWrites);
  }

  public ReplicaOptions withSessions(int max, long expireAfterMillis, int resultsPerSession) {
    return new ReplicaOptions(nodeId, raft, bootstrap, maxCommandBytes, readMode, leaseNanos, snapshotEveryEntries,
        max, expireAfterMillis, resultsPerSession, maxPendingWrites);
  }

  public ReplicaOptions withMaxPendingWrites(int max) {
    return new ReplicaOptions(nodeId, raft, bootstrap, maxCommandBytes, readMode, leaseNanos, snapshotEveryEntries,
        maxSessions, sessionExpireAfterMillis, maxResultsPerSession, max);
  }
}
