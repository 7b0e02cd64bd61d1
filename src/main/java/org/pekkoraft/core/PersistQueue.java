package org.pekkoraft.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries out the "persist before send" contract of {@link Outcome}s with group commit.
 *
 * <p>Events from any number of steps gather in a pending batch while one batch is being written; when the write
 * completes, the whole pending batch becomes the next write (one fsync for all of it). A message that must wait
 * for durability is attached to the newest batch that exists when it is produced, and released when that batch
 * completes; since batches complete in order, everything produced before the message is durable by then.
 * Consecutive appended entries are merged into a single {@link RaftEvent.EntriesAppended}.
 *
 * <p>Owned by {@link Raft}, which hands its writes and released messages to the host in {@link Ready}. Not
 * thread-safe.
 */
final class PersistQueue {

  /**
   * A batch of events to write with one durable write: its last appended entry ({@code lastIndex}, {@code lastTerm};
   * 0 when none) and the highest term it records in a TermAdvanced ({@code termAdvanced}; 0 when none).
   */
  record Batch(long id, List<RaftEvent> events, long lastIndex, long lastTerm, long termAdvanced) {}

  /** What a completed write made durable: its last appended entry and the highest term it recorded (0: none). */
  record Completed(long lastIndex, long lastTerm, long termAdvanced) {}

  private static final class Building {
    final List<RaftEvent> events = new ArrayList<>();
    final List<Ready.Outbound> held = new ArrayList<>();
    List<LogEntry> openEntries;
    long lastIndex;
    long lastTerm;
    long termAdvanced;

    boolean hasEvents() {
      return !events.isEmpty() || openEntries != null;
    }

    void closeEntries() {
      if (openEntries != null) {
        events.add(new RaftEvent.EntriesAppended(openEntries));
        openEntries = null;
      }
    }
  }

  private long nextBatchId = 1;
  private Building pending = new Building();
  private Batch inFlight;
  private List<Ready.Outbound> inFlightHeld = new ArrayList<>();
  private final List<Ready.Outbound> ready = new ArrayList<>();

  /** Takes in one outcome's events and messages. Messages free to go now become {@link #takeReady()}. */
  void add(Outcome outcome) {
    for (RaftEvent event : outcome.events()) {
      if (event instanceof RaftEvent.EntriesAppended appended) {
        if (pending.openEntries == null) {
          pending.openEntries = new ArrayList<>(appended.entries());
        } else {
          pending.openEntries.addAll(appended.entries());
        }
        LogEntry last = appended.entries().get(appended.entries().size() - 1);
        pending.lastIndex = last.index();
        pending.lastTerm = last.term();
      } else {
        pending.closeEntries();
        pending.events.add(event);
        if (event instanceof RaftEvent.TermAdvanced advanced) {
          pending.termAdvanced = Math.max(pending.termAdvanced, advanced.term());
        }
      }
    }
    for (Outcome.Outbound produced : outcome.messages()) {
      Ready.Outbound message = new Ready.Outbound(produced.to(), produced.message());
      if (!produced.afterDurable()) {
        ready.add(message);
      } else if (pending.hasEvents()) {
        pending.held.add(message);
      } else if (inFlight != null) {
        inFlightHeld.add(message);
      } else {
        ready.add(message);
      }
    }
  }

  /** Messages that may be sent now, in the order they were produced or released. */
  List<Ready.Outbound> takeReady() {
    if (ready.isEmpty()) {
      return List.of();
    }
    List<Ready.Outbound> taken = new ArrayList<>(ready);
    ready.clear();
    return taken;
  }

  /** The next batch to write, or null while one is in flight or nothing is pending. */
  Batch nextBatch() {
    if (inFlight != null || !pending.hasEvents()) {
      return null;
    }
    pending.closeEntries();
    inFlight = new Batch(nextBatchId++, List.copyOf(pending.events), pending.lastIndex, pending.lastTerm,
        pending.termAdvanced);
    inFlightHeld = pending.held;
    pending = new Building();
    return inFlight;
  }

  /** Marks the batch in flight durable and moves what waited for it to {@link #takeReady()}. */
  Completed complete(long batchId) {
    if (inFlight == null || inFlight.id() != batchId) {
      throw new IllegalStateException("completed write " + batchId + " is not the one in flight: " + inFlight);
    }
    ready.addAll(inFlightHeld);
    Completed done = new Completed(inFlight.lastIndex(), inFlight.lastTerm(), inFlight.termAdvanced());
    inFlight = null;
    inFlightHeld = new ArrayList<>();
    return done;
  }

  boolean idle() {
    return inFlight == null && !pending.hasEvents();
  }

  boolean writing() {
    return inFlight != null;
  }
}
