package org.pekkoraft.sim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * State Machine Safety on the real replicated state: any two replicas that have applied the same index hold
 * byte-identical state (KV map and client sessions, compared as {@code ReplicatedState.snapshot()} bytes). Every
 * {@code every}-th index is sampled to keep it cheap; the first replica to reach a sampled index sets the reference.
 */
final class ReplicaStates {

  private final Invariants invariants;
  private final int every;
  private final Map<Long, byte[]> stateAt = new HashMap<>();
  private long compared;

  ReplicaStates(Invariants invariants, int every) {
    this.invariants = invariants;
    this.every = every;
  }

  long compared() {
    return compared;
  }

  /** {@code node}'s state now reflects every entry up to {@code index}. */
  void onState(SimNode node, long index) {
    if (index % every == 0) {
      compare(node, index);
    }
  }

  /** Compares whatever the index: for the end of a run, when every replica has applied the same log. */
  void compare(SimNode node, long index) {
    byte[] state = node.state().snapshot();
    byte[] reference = stateAt.putIfAbsent(index, state);
    if (reference != null) {
      compared++;
      if (!Arrays.equals(reference, state)) {
        invariants.fail("replica states differ: " + node.id + " at index " + index + " holds " + state.length
            + " bytes unlike the " + reference.length + " bytes another replica held there");
      }
    }
  }
}
