package org.pekkoraft.core;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/** Majority arithmetic over one voting set. Joint consensus combines two of these in {@link Configuration}. */
public final class Quorum {

  private Quorum() {}

  /** The smallest number of servers that is more than half of {@code size}. */
  public static int majority(int size) {
    return size / 2 + 1;
  }

  /** An empty voting set has no majority: a server without voters must never elect or commit anything. */
  static boolean hasMajority(Set<NodeId> voters, Predicate<NodeId> granted) {
    if (voters.isEmpty()) {
      return false;
    }
    int count = 0;
    for (NodeId id : voters) {
      if (granted.test(id)) {
        count++;
      }
    }
    return count >= majority(voters.size());
  }

  static boolean majorityImpossible(Set<NodeId> voters, Predicate<NodeId> rejected) {
    if (voters.isEmpty()) {
      return true;
    }
    int count = 0;
    for (NodeId id : voters) {
      if (rejected.test(id)) {
        count++;
      }
    }
    return voters.size() - count < majority(voters.size());
  }

  /**
   * The largest index that a majority of {@code voters} has reached: sort the match indexes in descending order
   * and take the one at position majority-1. An empty set returns
   * the index 0: with no voters nothing is ever committed.
   */
  static long majorityIndex(Set<NodeId> voters, ToLongFunction<NodeId> matchIndex) {
    if (voters.isEmpty()) {
      return 0;
    }
    long[] indexes = new long[voters.size()];
    int i = 0;
    for (NodeId id : voters) {
      indexes[i++] = matchIndex.applyAsLong(id);
    }
    Arrays.sort(indexes);
    return indexes[indexes.length - majority(indexes.length)];
  }
}
