package org.pekkoraft.server;

/**
 * Counts of what a replica has done since it started, for metrics and for the simulator's coverage report. Read on
 * the replica's thread.
 */
public final class ReplicaStats {

  long readIndexReads;
  long leaseReads;
  long logReads;
  long retriesJoined;
  long writesLost;
  long snapshotsInstalled;
  long snapshotsTaken;
  long busy;

  /** Reads answered after a ReadIndex heartbeat round. */
  public long readIndexReads() {
    return readIndexReads;
  }

  /** Reads answered within the leader's lease, without a round trip. */
  public long leaseReads() {
    return leaseReads;
  }

  /** Reads that went through the log. */
  public long logReads() {
    return logReads;
  }

  /** Retries of a session command that joined the entry already in the log instead of appending another. */
  public long retriesJoined() {
    return retriesJoined;
  }

  /** Appended writes whose entry a newer leader replaced (or a snapshot swallowed): answered NotLeader. */
  public long writesLost() {
    return writesLost;
  }

  public long snapshotsInstalled() {
    return snapshotsInstalled;
  }

  public long snapshotsTaken() {
    return snapshotsTaken;
  }

  /** Requests a leader refused for now because too many were pending (backpressure) or a transfer was under way. */
  public long busy() {
    return busy;
  }
}
