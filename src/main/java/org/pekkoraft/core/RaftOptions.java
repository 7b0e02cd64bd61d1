package org.pekkoraft.core;

/**
 * The core's tuning, in ticks and counts. The node layer converts durations to ticks; the simulator uses ticks
 * directly. Defaults match 10 ms ticks: election timeout 150-300 ms, heartbeat 50 ms.
 *
 * @param electionTimeoutMinTicks lower bound of the randomized election timeout (rule 4); also the lease within
 *     which a follower ignores disruptive vote requests
 * @param electionTimeoutMaxTicks upper bound (exclusive) of the randomized election timeout; also the leader's
 *     check-quorum period
 * @param heartbeatTicks how often a leader sends AppendEntries when it has nothing else to send
 * @param maxEntriesPerAppend most entries in one AppendEntries
 * @param maxBytesPerAppend most bytes of entries in one AppendEntries (Artery drops frames over its frame size)
 * @param maxInflightAppends most unacknowledged AppendEntries with entries per follower (pipelining window)
 * @param preVote run a pre-vote round before raising the term (section 9.6)
 * @param checkQuorum a leader steps down after an election timeout without hearing from a majority (section 6.2)
 * @param maxSnapshotBytes the largest snapshot a follower accepts from a leader; it refuses a larger one before
 *     holding any of it (a snapshot is one byte array, so at most {@link #MAX_SNAPSHOT_BYTES})
 * @param quiesce a leader whose followers are all in sync stops heartbeating and ticking, and so do they, until
 *     something wakes them (see {@link Raft#quiescent()})
 */
public record RaftOptions(int electionTimeoutMinTicks, int electionTimeoutMaxTicks, int heartbeatTicks,
    int maxEntriesPerAppend, long maxBytesPerAppend, int maxInflightAppends, boolean preVote, boolean checkQuorum,
    long maxSnapshotBytes, boolean quiesce) {

  /** The most a byte array holds. */
  public static final long MAX_SNAPSHOT_BYTES = Integer.MAX_VALUE - 8;
  public static final long DEFAULT_MAX_SNAPSHOT_BYTES = 1L << 30;

  public RaftOptions {
    if (electionTimeoutMinTicks < 2) {
      throw new IllegalArgumentException("election timeout must be at least 2 ticks, was " + electionTimeoutMinTicks);
    }
    if (electionTimeoutMaxTicks <= electionTimeoutMinTicks) {
      throw new IllegalArgumentException("election timeout max (" + electionTimeoutMaxTicks
          + " ticks) must be greater than min (" + electionTimeoutMinTicks + " ticks)");
    }
    if (heartbeatTicks < 1 || heartbeatTicks >= electionTimeoutMinTicks) {
      throw new IllegalArgumentException("heartbeat (" + heartbeatTicks
          + " ticks) must be at least 1 and less than the minimum election timeout (" + electionTimeoutMinTicks
          + " ticks)");
    }
    if (maxEntriesPerAppend < 1 || maxBytesPerAppend < 1 || maxInflightAppends < 1) {
      throw new IllegalArgumentException("append limits must be positive");
    }
    if (maxSnapshotBytes < 0 || maxSnapshotBytes > MAX_SNAPSHOT_BYTES) {
      throw new IllegalArgumentException("max snapshot bytes must be between 0 and " + MAX_SNAPSHOT_BYTES + ", was "
          + maxSnapshotBytes);
    }
  }

  /** Without quiescence. */
  public RaftOptions(int electionTimeoutMinTicks, int electionTimeoutMaxTicks, int heartbeatTicks,
      int maxEntriesPerAppend, long maxBytesPerAppend, int maxInflightAppends, boolean preVote, boolean checkQuorum,
      long maxSnapshotBytes) {
    this(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatTicks, maxEntriesPerAppend, maxBytesPerAppend,
        maxInflightAppends, preVote, checkQuorum, maxSnapshotBytes, false);
  }

  /** With the default bound on snapshots, without quiescence. */
  public RaftOptions(int electionTimeoutMinTicks, int electionTimeoutMaxTicks, int heartbeatTicks,
      int maxEntriesPerAppend, long maxBytesPerAppend, int maxInflightAppends, boolean preVote, boolean checkQuorum) {
    this(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatTicks, maxEntriesPerAppend, maxBytesPerAppend,
        maxInflightAppends, preVote, checkQuorum, DEFAULT_MAX_SNAPSHOT_BYTES);
  }

  public static RaftOptions defaults() {
    return new RaftOptions(15, 30, 5, 512, 128 * 1024, 8, true, true);
  }

  public RaftOptions withPreVote(boolean on) {
    return new RaftOptions(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatTicks, maxEntriesPerAppend,
        maxBytesPerAppend, maxInflightAppends, on, checkQuorum, maxSnapshotBytes, quiesce);
  }

  public RaftOptions withCheckQuorum(boolean on) {
    return new RaftOptions(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatTicks, maxEntriesPerAppend,
        maxBytesPerAppend, maxInflightAppends, preVote, on, maxSnapshotBytes, quiesce);
  }

  public RaftOptions withAppendLimits(int entries, long bytes, int inflight) {
    return new RaftOptions(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatTicks, entries, bytes,
        inflight, preVote, checkQuorum, maxSnapshotBytes, quiesce);
  }

  public RaftOptions withMaxSnapshotBytes(long bytes) {
    return new RaftOptions(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatTicks, maxEntriesPerAppend,
        maxBytesPerAppend, maxInflightAppends, preVote, checkQuorum, bytes, quiesce);
  }

  public RaftOptions withQuiesce(boolean on) {
    return new RaftOptions(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatTicks, maxEntriesPerAppend,
        maxBytesPerAppend, maxInflightAppends, preVote, checkQuorum, maxSnapshotBytes, on);
  }
}
