package org.pekkoraft.sim;

/**
 * How each simulated replica keeps its replicated state.
 *
 * @param snapshotEvery a node snapshots its state once it has applied this many entries past its last snapshot; 0
 *     never (then no InstallSnapshot ever happens)
 * @param maxSessions client sessions kept before the least recently used is dropped
 * @param sessionExpiryMs idle time, in leader-stamped logical milliseconds, after which a session expires
 * @param maxResultsPerSession unacknowledged results a session keeps
 */
record StateOptions(int snapshotEvery, int maxSessions, long sessionExpiryMs, int maxResultsPerSession) {

  static StateOptions defaults() {
    return new StateOptions(0, 1000, 3_600_000, 1024);
  }
}
