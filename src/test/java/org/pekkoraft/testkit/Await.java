package org.pekkoraft.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition to hold, polling until a deadline; fails with a description of what never happened. */
public final class Await {

  private static final long POLL_NANOS = Duration.ofMillis(25).toNanos();

  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    value(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }

  /** Checks that {@code invariant} holds at every poll for the whole of {@code period}; fails at once if not. */
  public static void during(String what, Duration period, BooleanSupplier invariant) {
    long end = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < end) {
      if (!invariant.getAsBoolean()) {
        throw new AssertionError("violated: " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** Polls {@code probe} until it returns non-null, and returns that. */
  public static <T> T value(String what, Duration timeout, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        T value = probe.get();
        if (value != null) {
          return value;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
            + what);
        if (last != null) {
          failure.initCause(last);
        }
        throw failure;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
