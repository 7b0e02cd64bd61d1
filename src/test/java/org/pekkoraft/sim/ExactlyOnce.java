package org.pekkoraft.sim;

import java.util.HashMap;
import java.util.Map;
import org.pekkoraft.core.LogEntry;

/**
 * Exactly-once for session commands, checked where it happens: for each (clientId, sequence), the log index at
 * which some replica's KV machine ran it. A replica that runs it again at another index (a retry that slipped past
 * the session's dedup) is a violation. Counting by index rather than by replica keeps it exact across restarts,
 * where a replica legitimately applies the same committed entries again from its snapshot.
 */
final class ExactlyOnce {

  private record Key(long clientId, long sequence) {}

  private final Invariants invariants;
  private final Map<Key, Long> ranAt = new HashMap<>();

  ExactlyOnce(Invariants invariants) {
    this.invariants = invariants;
  }

  void onApplied(SimNode node, SimNode.Applied applied) {
    if (!applied.ranMachine() || !(applied.entry() instanceof LogEntry.Command c) || c.clientId() == 0) {
      return;
    }
    Long before = ranAt.putIfAbsent(new Key(c.clientId(), c.sequence()), c.index());
    if (before != null && before != c.index()) {
      invariants.fail("exactly-once: " + node.id + " applied command " + c.sequence() + " of session "
          + c.clientId() + " at index " + c.index() + ", but it was already applied at index " + before);
    }
  }

  /** The index at which the command was applied, or -1 if no replica ever ran it. */
  long appliedAt(long clientId, long sequence) {
    return ranAt.getOrDefault(new Key(clientId, sequence), -1L);
  }
}
