package org.pekkoraft.sim;

import java.util.SplittableRandom;
import org.pekkoraft.core.RaftOptions;

/** Varies the core's options by seed, so that runs cover pre-vote and check-quorum on and off and tiny windows. */
record SimRandomOptions(boolean preVote, boolean checkQuorum, int maxEntries, int maxInflight) {

  static SimRandomOptions from(long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    return new SimRandomOptions(r.nextInt(4) != 0, r.nextInt(4) != 0, 1 + r.nextInt(8), 1 + r.nextInt(4));
  }

  RaftOptions apply(RaftOptions base) {
    return base.withPreVote(preVote).withCheckQuorum(checkQuorum)
        .withAppendLimits(maxEntries, base.maxBytesPerAppend(), maxInflight);
  }
}
