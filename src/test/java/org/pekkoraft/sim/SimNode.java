package org.pekkoraft.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Outcome;
import org.pekkoraft.core.PersistQueue;
import org.pekkoraft.core.PersistentState;
import org.pekkoraft.core.Raft;
import org.pekkoraft.core.RaftEvent;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.core.Role;

/**
 * One simulated server: a {@link Raft} core driven exactly as the actor drives it (a {@link PersistQueue} in front
 * of a disk that writes one batch at a time), a disk that keeps only completed writes across a crash, and an
 * applier that hands committed entries to the cluster's state machine hook.
 */
final class SimNode {

  final NodeId id;
  private final RaftOptions options;
  private final Configuration bootstrap;
  /** Durable batches, in write order: what survives a crash. */
  final List<List<RaftEvent>> disk = new ArrayList<>();
  /** The disk's contents folded, kept beside the core to check that nothing leaves before it is durable. */
  final PersistentState durable = new PersistentState();

  Raft raft;
  PersistQueue queue;
  PersistQueue.Batch writing;
  long lastApplied;
  boolean up = true;
  /** Bumped at every restart so that events scheduled for an earlier life are ignored. */
  int incarnation;
  Role lastRole = Role.FOLLOWER;

  SimNode(NodeId id, RaftOptions options, Configuration bootstrap, long seed) {
    this.id = id;
    this.options = options;
    this.bootstrap = bootstrap;
    start(seed);
  }

  /** Builds the core from the disk, as recovery does: a fresh follower with the durable term, vote and log. */
  void start(long seed) {
    PersistentState state = new PersistentState();
    for (List<RaftEvent> batch : disk) {
      for (RaftEvent event : batch) {
        state.apply(event);
      }
    }
    raft = new Raft(id, options, new SplittableRandom(seed), state, bootstrap);
    queue = new PersistQueue();
    writing = null;
    lastApplied = raft.snapshot().lastIncludedIndex();
    up = true;
    lastRole = Role.FOLLOWER;
    incarnation++;
  }

  /** Crash: volatile state and unwritten events are lost; a write in flight lands or not, as {@code landed}. */
  void crash(boolean landed) {
    if (writing != null && landed) {
      record(writing.events());
    }
    writing = null;
    up = false;
  }

  /** Takes the core's outcome into the queue and returns the messages that may leave now. */
  List<Outcome.Outbound> absorb() {
    Outcome outcome = raft.takeOutcome();
    queue.add(outcome);
    return queue.takeReady();
  }

  /** Starts the next write if the disk is idle; returns it, or null. */
  PersistQueue.Batch startWrite() {
    if (writing != null) {
      return null;
    }
    writing = queue.nextBatch();
    return writing;
  }

  /** The write in flight is durable: record it, tell the core, release what waited. */
  List<Outcome.Outbound> finishWrite(long batchId) {
    record(writing.events());
    PersistQueue.Completed done = queue.complete(batchId);
    writing = null;
    raft.persisted(done.lastIndex(), done.lastTerm());
    List<Outcome.Outbound> out = new ArrayList<>(done.released());
    out.addAll(absorb());
    return out;
  }

  private void record(List<RaftEvent> batch) {
    disk.add(batch);
    batch.forEach(durable::apply);
  }

  /** Entries now committed and not yet applied, in index order; advances lastApplied past them. */
  List<LogEntry> takeCommitted() {
    List<LogEntry> entries = new ArrayList<>();
    while (lastApplied < raft.commitIndex()) {
      lastApplied++;
      entries.add(raft.log().entry(lastApplied));
    }
    return entries;
  }
}
