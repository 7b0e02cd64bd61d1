package org.pekkoraft.node;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides when a rejected sender is logged: once a minute per sender, so that a flood of forged messages costs one
 * line a minute, not a disk. Remembers a bounded number of senders (the least recently logged are forgotten).
 */
final class RejectionLog {

  private static final long INTERVAL_NANOS = 60_000_000_000L;
  private static final int MAX_SENDERS = 1024;

  private final Map<String, Long> lastLogged = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_SENDERS;
    }
  };

  /** True when a rejection of {@code sender} should be logged now. */
  boolean shouldLog(String sender, long nowNanos) {
    Long last = lastLogged.get(sender);
    if (last != null && nowNanos - last < INTERVAL_NANOS) {
      return false;
    }
    lastLogged.put(sender, nowNanos);
    return true;
  }
}
