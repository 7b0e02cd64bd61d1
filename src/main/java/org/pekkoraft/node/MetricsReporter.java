package org.pekkoraft.node;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Raft;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.server.ReplyTo;

/**
 * Turns what the node does into {@link RaftMetrics} reports: the time from handing a write to the journal to its
 * {@code Persisted}, leader changes, proposals and the answer to each request. Runs on the node's thread. With
 * {@link RaftMetrics#NONE} it wraps nothing and reads no clock.
 */
final class MetricsReporter {

  private final RaftMetrics metrics;
  private final boolean enabled;
  /** The write the journal holds (the driver hands out one at a time), or -1. */
  private long writeId = -1;
  private long writeStarted;
  private int writeEvents;
  private NodeId leader;

  MetricsReporter(RaftMetrics metrics) {
    this.metrics = metrics;
    this.enabled = metrics != RaftMetrics.NONE;
  }

  void writeStarted(long id, int events) {
    if (enabled) {
      writeId = id;
      writeEvents = events;
      writeStarted = System.nanoTime();
    }
  }

  void writeDurable(long id) {
    if (enabled && id == writeId) {
      metrics.appendDurable(System.nanoTime() - writeStarted, writeEvents);
      writeId = -1;
    }
  }

  /** After every input: reports a change of the leader this node knows of. */
  void afterInput(Raft raft) {
    NodeId now = raft.leaderId();
    if (enabled && !Objects.equals(now, leader)) {
      leader = now;
      metrics.leaderChanged(now, raft.currentTerm());
    }
  }

  void tick(Raft raft, long lastApplied) {
    metrics.state(raft.role(), raft.currentTerm(), raft.leaderId(), raft.commitIndex(), lastApplied,
        raft.log().lastIndex(), raft.snapshot().lastIncludedIndex());
  }

  /** Runs a request's input, and counts the entries it appended to the log (several for a batch of writes). */
  void proposing(RaftMetrics.Request kind, Raft raft, Runnable input) {
    long before = raft.log().lastIndex();
    input.run();
    if (enabled) {
      for (long appended = raft.log().lastIndex() - before; appended > 0; appended--) {
        metrics.proposed(kind);
      }
    }
  }

  /**
   * Where to answer a request of {@code kind}: {@code replyTo}, with the answer's outcome and time reported (each
   * write's, for a batch).
   */
  ReplyTo reply(RaftMetrics.Request kind, ActorRef<ClientResponse> replyTo) {
    if (!enabled) {
      return replyTo::tell;
    }
    long received = System.nanoTime();
    return response -> {
      long nanos = System.nanoTime() - received;
      if (response instanceof ClientResponse.Batch batch) {
        batch.answers().forEach(answer -> metrics.answered(kind, outcome(answer), nanos));
      } else {
        metrics.answered(kind, outcome(response), nanos);
      }
      replyTo.tell(response);
    };
  }

  RaftMetrics metrics() {
    return metrics;
  }

  static RaftMetrics.Outcome outcome(ClientResponse response) {
    if (response instanceof ClientResponse.NotLeader) {
      return RaftMetrics.Outcome.NOT_LEADER;
    } else if (response instanceof ClientResponse.Busy) {
      return RaftMetrics.Outcome.BUSY;
    } else if (response instanceof ClientResponse.Rejected) {
      return RaftMetrics.Outcome.REJECTED;
    } else if (response instanceof ClientResponse.SessionExpired) {
      return RaftMetrics.Outcome.SESSION_EXPIRED;
    } else if (response instanceof ClientResponse.OutcomeUnknown) {
      return RaftMetrics.Outcome.OUTCOME_UNKNOWN;
    }
    return RaftMetrics.Outcome.OK;
  }
}
