package org.pekkoraft.sim;

import java.util.SplittableRandom;

/**
 * The client side of a run, varied by seed: how many clients on how many keys, how patient they are, how often gets
 * go through the log, and how the replicas keep state (snapshots that force InstallSnapshot, few sessions or short
 * expiry that force sessions to be dropped).
 */
record KvScenario(int clients, int keys, SimClient.Settings client, StateOptions state, Extras extras,
    int pipelineDepth) {

  /**
   * What a run adds beyond a fixed cluster: spare servers and membership changes (with leadership transfers) made
   * by the nemesis, and lease reads (also under process pauses: the replica measures its lease on a clock that runs
   * on while it is paused, which the simulated clock does; see docs/consistency.md).
   */
  record Extras(boolean membership, int spares, boolean leaseReads) {
    static final Extras NONE = new Extras(false, 0, false);
  }

  static KvScenario from(long seed) {
    return from(seed, true);
  }

  /** With {@code extras} off, a run is exactly what it was before membership and lease runs existed. */
  static KvScenario from(long seed, boolean extras) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
    int clients = 3 + r.nextInt(4);
    int keys = 3 + r.nextInt(3);
    SimClient.Settings client = new SimClient.Settings(30 + r.nextInt(170), 300 + r.nextInt(2700), r.nextInt(30),
        r.nextInt(3) == 0 ? 0 : r.nextInt(50));
    int snapshotEvery = r.nextInt(3) == 0 ? 0 : 5 + r.nextInt(95);
    int maxSessions = r.nextInt(5) == 0 ? clients + r.nextInt(2) : 1000;
    long expiryMs = r.nextInt(5) == 0 ? 500 + r.nextInt(2500) : 3_600_000;
    boolean membership = r.nextInt(2) == 0;
    int spares = membership ? 1 + r.nextInt(2) : 0;
    boolean lease = r.nextInt(4) == 0;
    Extras chosen = extras ? new Extras(membership, spares, lease) : Extras.NONE;
    // Some runs add one session with more writes in flight than its session keeps results for.
    boolean pipelined = extras && r.nextInt(4) == 0;
    int resultsKept = pipelined ? 4 + r.nextInt(9) : 1024;
    int depth = pipelined ? resultsKept + 2 + r.nextInt(6) : 0;
    return new KvScenario(clients, keys, client, new StateOptions(snapshotEvery, maxSessions, expiryMs, resultsKept),
        chosen, depth);
  }
}
