package org.pekkoraft.testkit;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

/**
 * What one call allocated on the current thread, from the JVM's per-thread counter (HotSpot's
 * {@code com.sun.management.ThreadMXBean}): the bytes of every object it created, including those already garbage.
 * A decoder that trusts a length it read shows here even when it fails before using the memory.
 */
public final class Allocation {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** The outcome of a measured call: its result or what it threw, and the bytes it allocated. */
  public record Measured(Object result, Exception failure, long bytes) {}

  private Allocation() {}

  /** Runs {@code call} on this thread; anything it throws other than an Exception (an Error) propagates. */
  public static Measured of(Callable<?> call) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    Object result = null;
    Exception failure = null;
    try {
      result = call.call();
    } catch (Exception e) {
      failure = e;
    }
    return new Measured(result, failure, THREADS.getCurrentThreadAllocatedBytes() - before);
  }
}
