package org.pekkoraft.client;

import java.util.ArrayDeque;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The sequence numbers of one client session, shared by concurrent callers. Contracts:
 * <ul>
 *   <li>{@link #firstUnacknowledged} never exceeds a number handed out and not yet {@link #acknowledged}, because the
 *       cluster discards the saved results below it and would refuse that command as already answered. Handing out
 *       and recording a number is therefore one step.
 *   <li>At most {@code maxOutstanding} numbers are outstanding at once. The cluster keeps a bounded number of
 *       unanswered results per session and answers a retry of an older command "outcome unknown"; staying below
 *       that bound keeps every retry answerable. Callers beyond it wait, in order, for a number to be acknowledged.
 * </ul>
 */
final class SessionSequence {

  private final int maxOutstanding;
  private long last;
  private final TreeSet<Long> outstanding = new TreeSet<>();
  private final ArrayDeque<CompletableFuture<Long>> waiting = new ArrayDeque<>();

  SessionSequence(int maxOutstanding) {
    if (maxOutstanding < 1) {
      throw new IllegalArgumentException("maxOutstanding must be positive, was " + maxOutstanding);
    }
    this.maxOutstanding = maxOutstanding;
  }

  /**
   * A new sequence number, outstanding until {@link #acknowledged}: at once while fewer than the bound are
   * outstanding, else once another is acknowledged.
   */
  CompletableFuture<Long> reserve() {
    synchronized (this) {
      if (outstanding.size() >= maxOutstanding) {
        CompletableFuture<Long> later = new CompletableFuture<>();
        waiting.add(later);
        return later;
      }
      return CompletableFuture.completedFuture(take());
    }
  }

  /** The client has the answer for {@code sequence} (or has given up on it); the next waiting caller may go. */
  void acknowledged(long sequence) {
    CompletableFuture<Long> next = null;
    long number = 0;
    synchronized (this) {
      outstanding.remove(sequence);
      if (!waiting.isEmpty() && outstanding.size() < maxOutstanding) {
        next = waiting.poll();
        number = take();
      }
    }
    if (next != null) {
      // Outside the lock: completing runs the caller's continuation, which sends the request.
      next.complete(number);
    }
  }

  /** The lowest sequence number whose answer the client may still need. */
  synchronized long firstUnacknowledged() {
    return outstanding.isEmpty() ? last + 1 : outstanding.first();
  }

  synchronized int outstanding() {
    return outstanding.size();
  }

  private long take() {
    last++;
    outstanding.add(last);
    return last;
  }
}
