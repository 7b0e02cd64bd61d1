package org.pekkoraft.journal;

import java.util.List;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.PersistentState;
import org.pekkoraft.core.Snapshot;
import org.pekkoraft.protocol.CborSerializable;

/**
 * An immutable copy of the journal's state, saved as a Pekko snapshot so that the events before it can be
 * deleted: currentTerm, votedFor, the latest Raft snapshot and the log entries after it.
 */
public record JournalSnapshot(long currentTerm, NodeId votedFor, Snapshot snapshot, List<LogEntry> entries,
    String clusterId)
    implements CborSerializable {

  public JournalSnapshot {
    entries = List.copyOf(entries);
  }

  static JournalSnapshot of(PersistentState state) {
    return new JournalSnapshot(state.currentTerm(), state.votedFor(), state.snapshot(), state.entries(),
        state.clusterId());
  }

  PersistentState toState() {
    PersistentState state = new PersistentState();
    state.restore(currentTerm, votedFor, snapshot, clusterId);
    state.log().appendAll(entries);
    return state;
  }
}
