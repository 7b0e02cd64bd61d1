package org.pekkoraft.client;

import java.util.TreeSet;

/**
 * The sequence numbers of one client session, shared by concurrent callers. Contract: {@link #firstUnacknowledged}
 * never exceeds a number that {@link #next} has handed out and {@link #acknowledged} has not taken back, because the
 * cluster discards the saved results below it and would refuse that command as already answered. Handing out and
 * recording a number is therefore one step.
 */
final class SessionSequence {

  private long last;
  private final TreeSet<Long> outstanding = new TreeSet<>();

  /** A new sequence number, outstanding until {@link #acknowledged}. */
  synchronized long next() {
    last++;
    outstanding.add(last);
    return last;
  }

  /** The client has the answer for {@code sequence} (or has given up on it). */
  synchronized void acknowledged(long sequence) {
    outstanding.remove(sequence);
  }

  /** The lowest sequence number whose answer the client may still need. */
  synchronized long firstUnacknowledged() {
    return outstanding.isEmpty() ? last + 1 : outstanding.first();
  }
}
