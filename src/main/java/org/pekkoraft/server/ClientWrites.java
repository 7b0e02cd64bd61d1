package org.pekkoraft.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.statemachine.ApplyResult;

/**
 * The client writes this server appended as leader and has not answered yet, by log index. A write is answered
 * when its entry is applied <em>in the term it was appended in</em>; another term at that index means a newer
 * leader's entry replaced it, and the client, told NotLeader, retries with the same session and sequence number.
 * Retries of a session command that is still in the log of this leadership join it instead of appending again.
 */
final class ClientWrites {

  /** One appended entry's waiting clients: the first request and any retries that joined it. */
  private record Pending(long term, ReplyTo replyTo, List<ReplyTo> retries) {

    Pending(long term, ReplyTo replyTo) {
      this(term, replyTo, new ArrayList<>(0));
    }

    void tell(ClientResponse response) {
      replyTo.tell(response);
      retries.forEach(r -> r.tell(response));
    }
  }

  private record SessionCommand(long clientId, long sequence) {}

  private final Map<Long, Pending> byIndex = new HashMap<>();
  /** Session commands appended and not yet applied, to their index. */
  private final Map<SessionCommand, Long> sessionIndex = new HashMap<>();
  private final ReplicaStats stats;

  /** @param stats where to count the writes answered NotLeader because their entry was lost */
  ClientWrites(ReplicaStats stats) {
    this.stats = stats;
  }

  int size() {
    return byIndex.size();
  }

  /**
   * A retry of a session command already appended in {@code term}: appending it again would only lengthen the log
   * (the session would answer the duplicate from its cache); the retry is answered with the first. Returns false
   * when there is nothing to join.
   */
  boolean joinRetry(long clientId, long sequence, long term, ReplyTo replyTo) {
    if (clientId == 0) {
      return false;
    }
    Long index = sessionIndex.get(new SessionCommand(clientId, sequence));
    Pending pending = index == null ? null : byIndex.get(index);
    if (pending == null || pending.term() != term) {
      return false;
    }
    pending.retries().add(replyTo);
    return true;
  }

  /**
   * Waits for the entry at {@code index}, appended in {@code term}, for the session command (0, 0 for none). A write
   * still waiting at that index from an earlier leadership lost its entry (truncated, or cut away with the log by a
   * snapshot): it is answered {@code lost}, so its writer retries with its session.
   */
  void track(long index, long term, long clientId, long sequence, ReplyTo replyTo, Supplier<ClientResponse> lost) {
    Pending displaced = byIndex.put(index, new Pending(term, replyTo));
    if (displaced != null) {
      sessionIndex.values().remove(index);
      stats.writesLost++;
      displaced.tell(lost.get());
    }
    if (clientId != 0) {
      sessionIndex.put(new SessionCommand(clientId, sequence), index);
    }
  }

  /** Answers whoever waits for {@code entry}, just applied with {@code result}. */
  void applied(LogEntry entry, ApplyResult result, Supplier<ClientResponse> notLeader) {
    Pending pending = byIndex.remove(entry.index());
    if (entry instanceof LogEntry.Command c && c.clientId() != 0) {
      sessionIndex.remove(new SessionCommand(c.clientId(), c.sequence()), entry.index());
    }
    if (pending == null) {
      return;
    }
    if (entry.term() != pending.term()) {
      // Another leader's entry took this index: ours was lost. Retrying with the same session is safe.
      sessionIndex.values().remove(entry.index());
      stats.writesLost++;
      pending.tell(notLeader.get());
      return;
    }
    pending.tell(response(result));
  }

  /** A snapshot from the leader replaced the state up to {@code index}: whether our writes there applied is unknown. */
  void swallowedBySnapshot(long index, ClientResponse notLeader) {
    byIndex.entrySet().removeIf(e -> {
      if (e.getKey() <= index) {
        stats.writesLost++;
        e.getValue().tell(notLeader);
        return true;
      }
      return false;
    });
    sessionIndex.values().removeIf(i -> i <= index);
  }

  private static ClientResponse response(ApplyResult result) {
    if (result instanceof ApplyResult.Success s) {
      return new ClientResponse.Ok(s.result());
    }
    if (result instanceof ApplyResult.Registered r) {
      return new ClientResponse.Registered(r.clientId());
    }
    if (result instanceof ApplyResult.Failure f) {
      return switch (f.reason()) {
        case SESSION_EXPIRED -> new ClientResponse.SessionExpired(f.message());
        case RESULT_FORGOTTEN -> new ClientResponse.OutcomeUnknown(f.message());
        case REJECTED -> new ClientResponse.Rejected(f.message());
      };
    }
    return new ClientResponse.Ok(new byte[0]);
  }
}
