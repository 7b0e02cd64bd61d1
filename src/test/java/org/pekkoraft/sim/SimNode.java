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
import org.pekkoraft.core.Snapshot;
import org.pekkoraft.core.SnapshotMeta;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;
import org.pekkoraft.statemachine.ApplyResult;
import org.pekkoraft.statemachine.ReplicatedState;

/**
 * One simulated server: a {@link Raft} core driven exactly as the actor drives it (a {@link PersistQueue} in front
 * of a disk that writes one batch at a time), a disk that keeps only completed writes across a crash, a real
 * replicated KV state (sessions included) rebuilt from the durable snapshot at every start, and the client-facing
 * {@link SimKvServer}, whose pending requests a crash loses.
 */
final class SimNode {

  /** One applied entry: what the session layer returned, and whether the KV machine really ran the command. */
  record Applied(LogEntry entry, ApplyResult result, boolean ranMachine) {}

  final NodeId id;
  private final RaftOptions options;
  private final Configuration bootstrap;
  private final StateOptions stateOptions;
  private final SimKvServer.Network network;
  /** Durable batches, in write order: what survives a crash. */
  final List<List<RaftEvent>> disk = new ArrayList<>();
  /** The disk's contents folded, kept beside the core to check that nothing leaves before it is durable. */
  final PersistentState durable = new PersistentState();

  Raft raft;
  PersistQueue queue;
  PersistQueue.Batch writing;
  long lastApplied;
  CountingKvMachine machine;
  ReplicatedState<KvCommand, KvResult> state;
  SimKvServer server;
  boolean up = true;
  /** Bumped at every restart so that events scheduled for an earlier life are ignored. */
  int incarnation;
  Role lastRole = Role.FOLLOWER;
  /** Logical time until which the node is frozen (see {@link SimCluster#pause}). */
  long pausedUntil;

  SimNode(NodeId id, RaftOptions options, Configuration bootstrap, long seed, StateOptions stateOptions,
      SimKvServer.Network network) {
    this.id = id;
    this.options = options;
    this.bootstrap = bootstrap;
    this.stateOptions = stateOptions;
    this.network = network;
    start(seed);
  }

  /**
   * Builds the core from the disk, as recovery does: a fresh follower with the durable term, vote and log, and a
   * state machine restored from the durable snapshot (entries after it are applied again as they commit).
   */
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
    machine = new CountingKvMachine();
    this.state = new ReplicatedState<>(machine, stateOptions.maxSessions(), stateOptions.sessionExpiryMs());
    lastApplied = raft.snapshot().lastIncludedIndex();
    if (lastApplied > 0) {
      this.state.restore(raft.snapshot().data());
    }
    server = new SimKvServer(this, network);
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

  /** Takes one outcome's events and messages into the queue and returns the messages that may leave now. */
  List<Outcome.Outbound> absorb(Outcome outcome) {
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

  /** The write in flight is durable: record it, tell the core, and return the messages that waited for it. */
  List<Outcome.Outbound> finishWrite(long batchId) {
    record(writing.events());
    PersistQueue.Completed done = queue.complete(batchId);
    writing = null;
    raft.persisted(done);
    return done.released();
  }

  private void record(List<RaftEvent> batch) {
    disk.add(batch);
    batch.forEach(durable::apply);
  }

  /** True when a committed entry waits to be applied. */
  boolean canApply() {
    return lastApplied < raft.commitIndex();
  }

  /** Applies the next committed entry to the replicated state, in index order. */
  Applied applyNext() {
    LogEntry entry = raft.log().entry(lastApplied + 1);
    long before = machine.applies();
    ApplyResult result = state.apply(entry);
    lastApplied++;
    return new Applied(entry, result, machine.applies() != before);
  }

  /** A snapshot from the leader replaces the state (it is always ahead of lastApplied: the core checks that). */
  void installSnapshot(Snapshot snapshot) {
    state.restore(snapshot.data());
    lastApplied = snapshot.lastIncludedIndex();
    server.onSnapshotInstalled(lastApplied);
  }

  /** Snapshots the state at lastApplied when {@link StateOptions#snapshotEvery()} entries have piled up. */
  void maybeSnapshot() {
    int every = stateOptions.snapshotEvery();
    if (every <= 0 || lastApplied - raft.snapshot().lastIncludedIndex() < every) {
      return;
    }
    SnapshotMeta meta = new SnapshotMeta(lastApplied, raft.log().termAt(lastApplied),
        raft.configurationAt(lastApplied));
    raft.snapshotTaken(new Snapshot(meta, state.snapshot()));
  }
}
