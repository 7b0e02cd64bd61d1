package org.pekkoraft.server;

import java.util.function.Supplier;

import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.Ready;
import org.pekkoraft.statemachine.ApplyResult;

/**
 * What a {@link Replica} asks of its host. Every call comes from the replica's own thread, inside one of its inputs;
 * a host answers asynchronously by calling the replica's inputs later, never from within these methods.
 */
public interface Io {

  /**
   * Makes {@code write}'s events durable, in order, in one write (one fsync), then calls
   * {@link Replica#persisted(long)} with its id. The replica hands out at most one write at a time. A write that
   * fails must stop the server: it must never run on state it could not make durable.
   */
  void write(Ready.Write write);

  /** Sends {@code message} to peer {@code to}, best effort: Raft copes with loss, delay and duplication. */
  void send(NodeId to, RaftMessage message);

  /** Calls {@link Replica#flush()} soon, after the input under way and those already waiting. */
  void scheduleFlush();

  /**
   * Writes a state machine snapshot: calls {@code data} (a point-in-time view, safe to call on any thread; it
   * may take milliseconds), preferably off the replica's thread, then {@link Replica#snapshotWritten} with
   * {@code index} and the bytes, or {@link Replica#snapshotFailed} with {@code index} and the error. The replica
   * asks for one at a time.
   */
  void writeSnapshot(long index, Supplier<byte[]> data);

  /** The wall clock, in milliseconds: a leader stamps it on the entries it appends (sessions expire by it). */
  long currentTimeMillis();

  /** A monotonic clock in nanoseconds that keeps running while the process is paused: leases are measured by it. */
  long nanoTime();

  /** Where clients and peers reach {@code node} ("host:port"), or null when unknown. */
  String endpoint(NodeId node);

  /** Observes one committed entry applied to the state machine, and its result. Does nothing by default. */
  default void applied(LogEntry entry, ApplyResult result) {}

  /** Observes the state machine replaced by a snapshot received from the leader. Does nothing by default. */
  default void snapshotRestored(long lastIncludedIndex) {}
}
