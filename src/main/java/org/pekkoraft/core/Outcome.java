package org.pekkoraft.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What one step of the core asks its caller to do, in this order:
 * <ol>
 *   <li>make {@link #events()} durable (in order, one batch is fine);
 *   <li>send {@link #messages()}: an {@link Outbound#afterDurable() afterDurable} message only once every event
 *       produced so far is durable (a vote, an AppendEntries acknowledgement); the others at once (a leader's
 *       AppendEntries depend only on its term, durable since it campaigned);
 *   <li>answer the reads in {@link #readsReady()} once the state machine has applied their read index.
 * </ol>
 * Entries to apply are not listed here: the caller applies up to {@link Raft#commitIndex()} after each step.
 */
public final class Outcome {

  /** A message to one peer. */
  public record Outbound(NodeId to, RaftMessage message, boolean afterDurable) {}

  /** A ReadIndex read that is safe to answer once the state machine has applied {@code readIndex}. */
  public record ReadState(long readId, long readIndex) {}

  private final List<RaftEvent> events = new ArrayList<>(2);
  private final List<Outbound> messages = new ArrayList<>(4);
  private final List<ReadState> readsReady = new ArrayList<>(0);
  private final List<Long> readsRejected = new ArrayList<>(0);
  private Snapshot snapshotToRestore;

  public List<RaftEvent> events() {
    return events;
  }

  public List<Outbound> messages() {
    return messages;
  }

  public List<ReadState> readsReady() {
    return readsReady;
  }

  /** Reads that can no longer be confirmed because this server is not (or no longer) the leader. */
  public List<Long> readsRejected() {
    return readsRejected;
  }

  /**
   * When not null, a snapshot received from the leader has been accepted: the caller must restore the state
   * machine from it before applying anything after it.
   */
  public Snapshot snapshotToRestore() {
    return snapshotToRestore;
  }

  public boolean isEmpty() {
    return events.isEmpty() && messages.isEmpty() && readsReady.isEmpty() && readsRejected.isEmpty()
        && snapshotToRestore == null;
  }

  void persist(RaftEvent event) {
    events.add(event);
  }

  /** Sends once everything persisted so far is durable. */
  void send(NodeId to, RaftMessage message) {
    messages.add(new Outbound(to, message, true));
  }

  /** Sends at once; only for messages whose meaning does not depend on state not yet durable. */
  void sendNow(NodeId to, RaftMessage message) {
    messages.add(new Outbound(to, message, false));
  }

  void readReady(long readId, long readIndex) {
    readsReady.add(new ReadState(readId, readIndex));
  }

  void readRejected(long readId) {
    readsRejected.add(readId);
  }

  void restoreSnapshot(Snapshot snapshot) {
    snapshotToRestore = snapshot;
  }
}
