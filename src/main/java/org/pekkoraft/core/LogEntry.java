package org.pekkoraft.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of the replicated log. Every entry knows its own index and the term in which a leader created it; two
 * entries with the same index and term are the same entry (the Log Matching Property).
 */
public sealed interface LogEntry
    permits LogEntry.NoOp, LogEntry.Command, LogEntry.ConfigChange, LogEntry.RegisterClient {

  /** Fixed per-entry cost used when bounding messages and batches by bytes. */
  int OVERHEAD_BYTES = 40;

  long index();

  long term();

  /** An upper estimate of the serialized size, used to keep AppendEntries under the transport's frame size. */
  default int sizeInBytes() {
    return OVERHEAD_BYTES;
  }

  /** The entry a new leader appends at once, so that it can commit an entry of its own term (Figure 8). */
  record NoOp(long index, long term) implements LogEntry {}

  /**
   * A state machine command.
   *
   * @param clientId the session of the client that sent it (the index of its {@link RegisterClient} entry), or 0
   *     when the command carries no session and may therefore apply more than once if retried
   * @param sequence the client's sequence number for this command, unique within the session
   * @param firstUnacknowledged the lowest sequence number for which the client still awaits a reply; results
   *     below it may be forgotten
   * @param timestamp the leader's wall clock when it appended the entry; sessions expire by this replicated
   *     time, never by a follower's own clock
   * @param data the command as the state machine's codec wrote it
   */
  record Command(long index, long term, long clientId, long sequence, long firstUnacknowledged, long timestamp,
      byte[] data) implements LogEntry {

    public Command {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public int sizeInBytes() {
      return OVERHEAD_BYTES + 32 + data.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Command c && index == c.index && term == c.term && clientId == c.clientId
          && sequence == c.sequence && firstUnacknowledged == c.firstUnacknowledged && timestamp == c.timestamp
          && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(index, term, clientId, sequence) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Command[" + index + "@" + term + (clientId == 0 ? "" : " client=" + clientId + "#" + sequence)
          + " " + data.length + "B]";
    }
  }

  /** A new cluster configuration; it takes effect as soon as it is in a server's log, committed or not. */
  record ConfigChange(long index, long term, Configuration configuration) implements LogEntry {

    public ConfigChange {
      Objects.requireNonNull(configuration, "configuration");
    }

    @Override
    public int sizeInBytes() {
      return OVERHEAD_BYTES + 16 * configuration.members().size();
    }
  }

  /** Opens a client session whose id is this entry's index (Raft dissertation section 6.3). */
  record RegisterClient(long index, long term, long timestamp) implements LogEntry {}
}
