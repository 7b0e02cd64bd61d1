package org.pekkoraft.node;

import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;

/**
 * What a running Raft node reports, for metrics: give an implementation to
 * {@link RaftNode#create(RaftSettings, org.pekkoraft.statemachine.StateMachine, RaftMetrics)}. Plain Java, so that
 * the node needs no metrics library; the HTTP API's {@code MicrometerRaftMetrics} turns the reports into Prometheus
 * metrics.
 *
 * <p>Every method is called on the node's own thread, and must be quick and must not block: an implementation only
 * records. Readers (a scrape) run on other threads, so an implementation must publish what it records safely. Every
 * method does nothing by default.
 */
public interface RaftMetrics {

  /** Reports nothing: the default. */
  RaftMetrics NONE = new RaftMetrics() {};

  /** The kinds of client and operator request a node answers. */
  enum Request {
    /** A state machine command ({@code ClientRequest}). */
    WRITE,
    /** A linearizable read ({@code ClientQuery}). */
    READ,
    /** A session registration ({@code RegisterClient}). */
    SESSION,
    /** A membership change or leadership transfer. */
    ADMIN
  }

  /** How a request was answered. */
  enum Outcome {
    /** Applied, read, registered or done. */
    OK,
    /** This node does not lead (the client retries at the leader). */
    NOT_LEADER,
    /** Refused for now: backpressure or a leadership transfer; the client retries. */
    BUSY,
    /** Refused for good: malformed, too large, not allowed, without the admin secret. */
    REJECTED,
    /** The client's session had expired. */
    SESSION_EXPIRED,
    /** The outcome could not be known here. */
    OUTCOME_UNKNOWN
  }

  /**
   * The node's Raft state, reported on every tick (every {@code pekko-raft.tick-interval}) once it has recovered.
   *
   * @param leader the leader this node knows of, or null
   */
  default void state(Role role, long term, NodeId leader, long commitIndex, long lastApplied, long lastLogIndex,
      long snapshotIndex) {}

  /** The leader this node knows of changed, to {@code leader} (null: none known) in {@code term}. */
  default void leaderChanged(NodeId leader, long term) {}

  /** As leader, this node appended one entry to its log for a request of {@code kind}. */
  default void proposed(Request kind) {}

  /**
   * One write of {@code events} Raft events (appended entries, term and vote changes) was reported durable by the
   * journal {@code nanos} after the node handed it over: the fsync and the queueing before it.
   */
  default void appendDurable(long nanos, int events) {}

  /** A snapshot of the state machine of {@code bytes} was written (the log is compacted up to it). */
  default void snapshotTaken(long bytes) {}

  /** Writing a snapshot of the state machine failed; the log stays uncompacted until a later one succeeds. */
  default void snapshotFailed() {}

  /** The state machine was replaced by a snapshot of {@code bytes} received from the leader. */
  default void snapshotInstalled(long bytes) {}

  /** A request of {@code kind} was answered {@code outcome}, {@code nanos} after the node received it. */
  default void answered(Request kind, Outcome outcome, long nanos) {}
}
