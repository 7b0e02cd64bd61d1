package org.pekkoraft.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.PersistentState;
import org.pekkoraft.core.Raft;
import org.pekkoraft.core.RaftEvent;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.core.Ready;
import org.pekkoraft.core.Role;
import org.pekkoraft.server.Replica;
import org.pekkoraft.server.ReplicaOptions;
import org.pekkoraft.statemachine.ApplyResult;
import org.pekkoraft.statemachine.ReplicatedState;

/**
 * One simulated server: the shipped driver ({@link Replica}, and the core inside it) over a simulated disk that
 * writes one batch at a time and keeps only completed writes across a crash, with the real replicated KV state
 * (sessions included) rebuilt from the durable snapshot at every start. Everything but the disk is lost in a crash:
 * pending client requests time out at their clients.
 */
final class SimNode {

  /** One applied entry: what the session layer returned, and whether the KV machine really ran the command. */
  record Applied(LogEntry entry, ApplyResult result, boolean ranMachine) {}

  final NodeId id;
  private final ReplicaOptions options;
  private final SimCluster cluster;
  /** Durable batches, in write order: what survives a crash. */
  final List<List<RaftEvent>> disk = new ArrayList<>();
  /** The disk's contents folded, kept beside the core to check that nothing leaves before it is durable. */
  final PersistentState durable = new PersistentState();

  private Replica replica;
  private CountingKvMachine machine;
  /** The write the disk is doing, or null. */
  Ready.Write writing;
  boolean up = true;
  /** Bumped at every restart so that events scheduled for an earlier life are ignored. */
  int incarnation;
  Role lastRole = Role.FOLLOWER;
  boolean lastQuiescent;
  /** Messages this node sent to each other server, over all its lives (the idle check of quiescence reads it). */
  final Map<NodeId, Long> messagesSent = new HashMap<>();
  /** Logical time until which the node is frozen (see {@link SimCluster#pause}). */
  long pausedUntil;
  private long machineAppliesSeen;

  SimNode(NodeId id, RaftOptions raft, Configuration bootstrap, long seed, StateOptions state, SimCluster cluster) {
    this.id = id;
    this.cluster = cluster;
    this.options = ReplicaOptions.defaults(id, raft, bootstrap)
        .withReadMode(ReplicaOptions.ReadMode.READ_INDEX,
            (raft.electionTimeoutMinTicks() - 2) * SimCluster.TICK_MS * 1_000_000L)
        .withSnapshotEvery(state.snapshotEvery())
        .withSessions(state.maxSessions(), state.sessionExpiryMs(), state.maxResultsPerSession());
    start(seed);
  }

  /**
   * Builds the replica from the disk, as the actor's recovery does: a follower with the durable term, vote and log,
   * and a state machine restored from the durable snapshot (entries after it are applied again as they commit).
   */
  void start(long seed) {
    PersistentState state = new PersistentState();
    for (List<RaftEvent> batch : disk) {
      for (RaftEvent event : batch) {
        state.apply(event);
      }
    }
    writing = null;
    machine = new CountingKvMachine();
    machineAppliesSeen = 0;
    incarnation++;
    replica = Replica.recover(options, state, machine, new SplittableRandom(seed), new SimIo(cluster, this));
    up = true;
    lastRole = Role.FOLLOWER;
    lastQuiescent = false;
  }

  Replica replica() {
    return replica;
  }

  Raft raft() {
    return replica.raft();
  }

  ReplicatedState<?, ?> state() {
    return replica.state();
  }

  long lastApplied() {
    return replica.lastApplied();
  }

  /** Crash: volatile state and unwritten events are lost; a write in flight lands or not, as {@code landed}. */
  void crash(boolean landed) {
    if (writing != null && landed) {
      record(writing.events());
    }
    writing = null;
    up = false;
  }

  /** The write in flight is durable: record it, then tell the replica. */
  void finishWrite(long writeId) {
    record(writing.events());
    writing = null;
    replica.persisted(writeId);
  }

  /** Turns the replica's report of an applied entry into what the checks need. */
  Applied applied(LogEntry entry, ApplyResult result) {
    boolean ran = machine.applies() != machineAppliesSeen;
    machineAppliesSeen = machine.applies();
    return new Applied(entry, result, ran);
  }

  private void record(List<RaftEvent> batch) {
    disk.add(batch);
    batch.forEach(durable::apply);
  }
}
