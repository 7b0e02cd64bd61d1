package org.pekkoraft.sim;

/**
 * Counts the situations the checks are meant to be exercised by, so that a green run also shows it was not green
 * for want of trying: retries the session layer answered from its cache, snapshots installed, expired sessions,
 * reads that reached a leader already deposed by a newer one, and how reads were answered.
 */
final class Coverage {

  long duplicatesSuppressed;
  long snapshotsInstalled;
  long sessionsExpired;
  long readsAtDeposedLeader;
  long readIndexAnswered;
  long logReadsAnswered;
  long writesLostToNewerLeader;
  long configurationChanges;
  long transfers;
  long leaseReads;

  void add(Coverage other) {
    duplicatesSuppressed += other.duplicatesSuppressed;
    snapshotsInstalled += other.snapshotsInstalled;
    sessionsExpired += other.sessionsExpired;
    readsAtDeposedLeader += other.readsAtDeposedLeader;
    readIndexAnswered += other.readIndexAnswered;
    logReadsAnswered += other.logReadsAnswered;
    writesLostToNewerLeader += other.writesLostToNewerLeader;
    configurationChanges += other.configurationChanges;
    transfers += other.transfers;
    leaseReads += other.leaseReads;
  }

  @Override
  public String toString() {
    return duplicatesSuppressed + " retried commands answered from the session (counted per replica), " + snapshotsInstalled
        + " snapshots installed, " + sessionsExpired + " expired-session answers, " + writesLostToNewerLeader
        + " appended writes lost to a newer leader, " + readsAtDeposedLeader + " reads sent to a deposed leader, "
        + readIndexAnswered + " ReadIndex, " + leaseReads + " lease and " + logReadsAnswered + " log reads answered, "
        + configurationChanges + " configuration changes and " + transfers + " leadership transfers started";
  }
}
