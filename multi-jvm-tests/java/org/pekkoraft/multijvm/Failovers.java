package org.pekkoraft.multijvm;

import java.util.ArrayList;
import java.util.List;
import org.pekkoraft.core.NodeId;

/**
 * Failover times under the nemesis: from the SIGKILL of a leader to the first write that another node
 * acknowledges to any client afterwards. Other faults may overlap the next one, so these are rougher than the
 * dedicated measurements of {@link Failover}.
 */
final class Failovers {

  private String victim;
  private long killedAt;
  private final List<String> measured = new ArrayList<>();

  synchronized void leaderKilled(String node, long nanos) {
    victim = node;
    killedAt = nanos;
  }

  /** A write was acknowledged by {@code by} at {@code nanos}. */
  synchronized void acknowledged(NodeId by, long nanos) {
    if (victim != null && by != null && !by.value().equals(victim) && nanos > killedAt) {
      measured.add(victim + " -> " + by.value() + " " + (nanos - killedAt) / 1_000_000 + " ms");
      victim = null;
    }
  }

  synchronized List<String> measured() {
    return List.copyOf(measured);
  }
}
