package org.pekkoraft.core;

import java.util.List;

/**
 * Everything the core asks its host to do after one or more inputs, taken with {@link Raft#ready()} (etcd-raft's
 * {@code Ready}). The host carries it out in this order:
 * <ol>
 *   <li>start {@link #write()} if there is one: make its events durable in one write (in order, one fsync), then
 *       report it with {@link Raft#persisted(long)}. The core hands out the next write only after that report, and
 *       what the inputs produce meanwhile gathers into it (group commit);
 *   <li>send {@link #messages()} now, in order. A message that depends on state not yet durable (a vote, an
 *       AppendEntries acknowledgement) is not here until the write holding that state is reported durable;
 *   <li>restore the state machine from {@link #snapshotToRestore()} if it is not null;
 *   <li>apply {@link #committedEntries()} in order: each exactly once, and none that was not listed;
 *   <li>answer the reads in {@link #readsReady()} once the state machine has applied their read index, and refuse
 *       those in {@link #readsRejected()};
 *   <li>when {@link #flushNeeded()}, call {@link Raft#flush()} soon: once after a burst of inputs, not after each.
 * </ol>
 */
public record Ready(Write write, List<Outbound> messages, Snapshot snapshotToRestore, List<LogEntry> committedEntries,
    List<ReadState> readsReady, List<Long> readsRejected, boolean flushNeeded) {

  /** Events to make durable in one write; report it with {@link Raft#persisted(long)} and this {@code id}. */
  public record Write(long id, List<RaftEvent> events) {}

  /** A message to send to one peer. */
  public record Outbound(NodeId to, RaftMessage message) {}

  /** A ReadIndex read that is safe to answer once the state machine has applied {@code readIndex}. */
  public record ReadState(long readId, long readIndex) {}

  /** True when there is nothing to do. */
  public boolean isEmpty() {
    return write == null && messages.isEmpty() && snapshotToRestore == null && committedEntries.isEmpty()
        && readsReady.isEmpty() && readsRejected.isEmpty() && !flushNeeded;
  }
}
