package org.pekkoraft.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What the inputs since the last {@link Raft#ready()} produced, before the persist queue has sorted it: events to
 * make durable, and messages marked {@link Outbound#afterDurable() afterDurable} (a vote, an AppendEntries
 * acknowledgement: they may leave only once every event produced so far is durable) or not (a leader's
 * AppendEntries depend only on its term, durable since it campaigned). Internal to the core: hosts see
 * {@link Ready}, in which the queue has done that sorting. Tests of single rules read it directly.
 */
final class Outcome {

  /** A message to one peer. */
  record Outbound(NodeId to, RaftMessage message, boolean afterDurable) {}

  private final List<RaftEvent> events = new ArrayList<>(2);
  private final List<Outbound> messages = new ArrayList<>(4);
  private final List<Ready.ReadState> readsReady = new ArrayList<>(0);
  private final List<Long> readsRejected = new ArrayList<>(0);
  private Snapshot snapshotToRestore;

  List<RaftEvent> events() {
    return events;
  }

  List<Outbound> messages() {
    return messages;
  }

  List<Ready.ReadState> readsReady() {
    return readsReady;
  }

  /** Reads that can no longer be confirmed because this server is not (or no longer) the leader. */
  List<Long> readsRejected() {
    return readsRejected;
  }

  /**
   * When not null, a snapshot received from the leader has been accepted: the caller must restore the state
   * machine from it before applying anything after it.
   */
  Snapshot snapshotToRestore() {
    return snapshotToRestore;
  }

  boolean isEmpty() {
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
    readsReady.add(new Ready.ReadState(readId, readIndex));
  }

  void readRejected(long readId) {
    readsRejected.add(readId);
  }

  void restoreSnapshot(Snapshot snapshot) {
    snapshotToRestore = snapshot;
  }
}
