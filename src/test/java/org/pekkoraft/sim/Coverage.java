package org.pekkoraft.sim;

import org.pekkoraft.server.ReplicaStats;

/**
 * Counts the situations the checks are meant to be exercised by, so that a green run also shows it was not green
 * for want of trying: retries the session layer answered from its cache and retries the leader joined to the entry
 * already in its log, snapshots installed, expired sessions, batches of writes, reads that reached a leader already
 * deposed by a newer one, and how reads were served; and for quiescence, how often servers went quiet and woke (by the
 * failure detector among others), and the idle stretches that fell silent and whose killed leader was replaced.
 */
final class Coverage {

  long duplicatesSuppressed;
  long retriesJoined;
  long snapshotsInstalled;
  long sessionsExpired;
  long resultsForgotten;
  long readsAtDeposedLeader;
  long readIndexReads;
  long logReads;
  long leaseReads;
  long writesLost;
  long configurationChanges;
  long transfers;
  long restartsDuringSnapshot;
  long batches;
  long quiesced;
  long woke;
  long wokeByDetector;
  long reachabilityReports;
  long ticksSkipped;
  long idleStretchesQuiet;
  long quietLeadersReplaced;

  void add(Coverage other) {
    duplicatesSuppressed += other.duplicatesSuppressed;
    retriesJoined += other.retriesJoined;
    snapshotsInstalled += other.snapshotsInstalled;
    sessionsExpired += other.sessionsExpired;
    resultsForgotten += other.resultsForgotten;
    readsAtDeposedLeader += other.readsAtDeposedLeader;
    readIndexReads += other.readIndexReads;
    logReads += other.logReads;
    leaseReads += other.leaseReads;
    writesLost += other.writesLost;
    configurationChanges += other.configurationChanges;
    transfers += other.transfers;
    restartsDuringSnapshot += other.restartsDuringSnapshot;
    batches += other.batches;
    quiesced += other.quiesced;
    woke += other.woke;
    wokeByDetector += other.wokeByDetector;
    reachabilityReports += other.reachabilityReports;
    ticksSkipped += other.ticksSkipped;
    idleStretchesQuiet += other.idleStretchesQuiet;
    quietLeadersReplaced += other.quietLeadersReplaced;
  }

  /** Adds what one replica counted over its life. */
  void add(ReplicaStats stats) {
    retriesJoined += stats.retriesJoined();
    readIndexReads += stats.readIndexReads();
    logReads += stats.logReads();
    leaseReads += stats.leaseReads();
    writesLost += stats.writesLost();
  }

  @Override
  public String toString() {
    return duplicatesSuppressed + " retried commands answered from the session (counted per replica), "
        + retriesJoined + " retries joined to an entry in the log, " + snapshotsInstalled + " snapshots installed, "
        + sessionsExpired + " expired-session and " + resultsForgotten + " forgotten-result answers, " + writesLost
        + " appended writes lost to a newer leader, "
        + readsAtDeposedLeader + " reads sent to a deposed leader, " + readIndexReads + " ReadIndex, " + leaseReads
        + " lease and " + logReads + " log reads started, " + configurationChanges
        + " configuration changes and " + transfers + " leadership transfers started, " + restartsDuringSnapshot
        + " restarts during a snapshot transfer, " + batches + " write batches delivered; quiescence: " + quiesced
        + " times a server went quiet, " + woke + " woke (" + wokeByDetector + " by the failure detector, of "
        + reachabilityReports + " reachability reports), " + ticksSkipped + " ticks skipped, " + idleStretchesQuiet
        + " idle stretches silent, " + quietLeadersReplaced + " quiet leaders killed and replaced";
  }
}
