package org.pekkoraft.sim;

import java.util.SplittableRandom;
import org.pekkoraft.core.RaftOptions;

/**
 * Varies the core's options by seed, so that runs cover pre-vote and check-quorum on and off, tiny windows, and
 * (in a quarter of the runs) AppendEntries and snapshot chunks of a few dozen bytes, so that a snapshot spans many
 * chunks and a transfer lasts long enough for faults to hit it. Half the runs quiesce idle groups;
 * {@code -Dsim.quiesce=on} or {@code off} sets it for every run.
 */
record SimRandomOptions(boolean preVote, boolean checkQuorum, int maxEntries, int maxInflight, long maxBytes,
    boolean quiesce) {

  static SimRandomOptions from(long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    boolean preVote = r.nextInt(4) != 0;
    boolean checkQuorum = r.nextInt(4) != 0;
    int maxEntries = 1 + r.nextInt(8);
    int maxInflight = 1 + r.nextInt(4);
    long maxBytes = r.nextInt(4) == 0 ? 16 + r.nextInt(240) : 0;
    // Drawn last, so that the options drawn before it stay those of each seed.
    String forced = System.getProperty("sim.quiesce", "");
    boolean quiesce = forced.isEmpty() ? r.nextBoolean() : forced.equals("on");
    return new SimRandomOptions(preVote, checkQuorum, maxEntries, maxInflight, maxBytes, quiesce);
  }

  RaftOptions apply(RaftOptions base) {
    return base.withPreVote(preVote).withCheckQuorum(checkQuorum)
        .withAppendLimits(maxEntries, maxBytes > 0 ? maxBytes : base.maxBytesPerAppend(), maxInflight)
        .withQuiesce(quiesce);
  }
}
