package org.pekkoraft.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.PersistentState;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.core.Ready;
import org.pekkoraft.core.Role;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.protocol.ClientResponse;

/**
 * Replicas of the shipped driver wired together by hand, for scripted tests of the driver: messages wait in flight
 * until {@link #settle} delivers them (or the drop rule loses them), writes complete when settled, flushes run in
 * order, and one clock moves only when a test moves it ({@link #tick} moves it by one tick interval). Deterministic.
 */
final class ReplicaCluster {

  static final long TICK_NANOS = 10_000_000L;

  private record InFlight(NodeId from, NodeId to, RaftMessage message) {}

  private final class HarnessIo implements Io {
    final NodeId id;
    final List<Ready.Write> writes = new ArrayList<>();
    final List<Map.Entry<Long, byte[]>> snapshots = new ArrayList<>();
    boolean flushWanted;

    HarnessIo(NodeId id) {
      this.id = id;
    }

    @Override
    public void write(Ready.Write write) {
      if (!writes.isEmpty()) {
        throw new AssertionError(id + " was handed a second write while one was in flight");
      }
      writes.add(write);
    }

    @Override
    public void send(NodeId to, RaftMessage message) {
      inFlight.add(new InFlight(id, to, message));
    }

    @Override
    public void scheduleFlush() {
      flushWanted = true;
    }

    @Override
    public void writeSnapshot(long index, Supplier<byte[]> data) {
      snapshots.add(Map.entry(index, data.get()));
    }

    @Override
    public long currentTimeMillis() {
      return nanos / 1_000_000L;
    }

    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public String endpoint(NodeId node) {
      return "127.0.0.1:" + (7000 + Integer.parseInt(node.value().substring(1)));
    }
  }

  private final Map<NodeId, Replica> replicas = new LinkedHashMap<>();
  private final Map<NodeId, HarnessIo> ios = new LinkedHashMap<>();
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private BiPredicate<NodeId, NodeId> cut = (from, to) -> false;
  private long nanos = 1_000_000_000L;
  private boolean holdSnapshots;

  /** Servers n1..nN, voters of one configuration, each with a KV state machine. */
  ReplicaCluster(int size, RaftOptions raft, ReplicaOptions.ReadMode readMode) {
    this(size, raft, options -> options.withReadMode(readMode, (raft.electionTimeoutMinTicks() - 5) * TICK_NANOS));
  }

  /** Servers n1..nN with the library's default replica options, as {@code tweak} changes them. */
  ReplicaCluster(int size, RaftOptions raft, UnaryOperator<ReplicaOptions> tweak) {
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      ids.add(NodeId.of("n" + i));
    }
    Configuration voters = Configuration.ofVoters(ids);
    for (NodeId id : ids) {
      ReplicaOptions options = tweak.apply(ReplicaOptions.defaults(id, raft, voters));
      HarnessIo io = new HarnessIo(id);
      ios.put(id, io);
      replicas.put(id, Replica.recover(options, new PersistentState(), new KvStateMachine(),
          new SplittableRandom(id.hashCode()), io));
    }
  }

  Replica get(String name) {
    return replicas.get(NodeId.of(name));
  }

  /** Loses every message from one node to another for which {@code rule} is true, from now on. */
  void cutWhere(BiPredicate<NodeId, NodeId> rule) {
    cut = rule;
  }

  /** Cuts {@code name} off from everyone, both ways. */
  void isolate(String name) {
    NodeId id = NodeId.of(name);
    cut = (from, to) -> from.equals(id) || to.equals(id);
  }

  /** From now on a snapshot being written stays so until {@link #releaseSnapshots()}: a slow writer. */
  void holdSnapshots() {
    holdSnapshots = true;
  }

  /** Completes the snapshots held, then everything settles. */
  void releaseSnapshots() {
    holdSnapshots = false;
    settle();
  }

  /** The indexes of the snapshots {@code name}'s host is writing. */
  List<Long> snapshotsWriting(String name) {
    return ios.get(NodeId.of(name)).snapshots.stream().map(Map.Entry::getKey).toList();
  }

  /** The bytes of the first snapshot {@code name}'s host is writing. */
  byte[] snapshotBytes(String name) {
    return ios.get(NodeId.of(name)).snapshots.get(0).getValue();
  }

  void heal() {
    cut = (from, to) -> false;
  }

  /** Moves the clock without ticking anyone: a process pause, as far as the paused replica can tell. */
  void advanceClock(long millis) {
    nanos += millis * 1_000_000L;
  }

  /** One tick interval passes: the clock moves and every replica ticks; then everything settles. */
  void tick() {
    nanos += TICK_NANOS;
    for (Replica r : replicas.values()) {
      r.tick();
    }
    settle();
  }

  void tick(int ticks) {
    for (int i = 0; i < ticks; i++) {
      tick();
    }
  }

  /** Ticks until some replica leads and has committed an entry of its term; returns it. */
  Replica electLeader() {
    for (int t = 0; t < 1000; t++) {
      tick();
      for (Replica r : replicas.values()) {
        if (r.role() == Role.LEADER && r.raft().log().termAt(r.raft().commitIndex()) == r.raft().currentTerm()) {
          return r;
        }
      }
    }
    throw new AssertionError("no leader within 1000 ticks");
  }

  /** Completes writes, runs flushes and delivers messages until nothing is left to do. */
  void settle() {
    for (int budget = 100_000; budget > 0; budget--) {
      if (!step()) {
        return;
      }
    }
    throw new AssertionError("livelock: 100,000 steps without settling");
  }

  private boolean step() {
    for (Map.Entry<NodeId, HarnessIo> e : ios.entrySet()) {
      HarnessIo io = e.getValue();
      if (!io.writes.isEmpty()) {
        replicas.get(e.getKey()).persisted(io.writes.remove(0).id());
        return true;
      }
      if (!io.snapshots.isEmpty() && !holdSnapshots) {
        Map.Entry<Long, byte[]> written = io.snapshots.remove(0);
        replicas.get(e.getKey()).snapshotWritten(written.getKey(), written.getValue());
        return true;
      }
      if (io.flushWanted) {
        io.flushWanted = false;
        replicas.get(e.getKey()).flush();
        return true;
      }
    }
    InFlight next = inFlight.poll();
    if (next == null) {
      return false;
    }
    if (!cut.test(next.from(), next.to()) && replicas.containsKey(next.to())) {
      replicas.get(next.to()).receive(next.message());
    }
    return true;
  }

  /** Collects what a replica answers one request. */
  static final class Answers implements ReplyTo {
    final List<ClientResponse> received = new ArrayList<>();

    @Override
    public void tell(ClientResponse response) {
      received.add(response);
    }

    ClientResponse only() {
      if (received.size() != 1) {
        throw new AssertionError("expected one answer, got " + received);
      }
      return received.get(0);
    }
  }

  static byte[] put(String key, String value) {
    return KvCodec.COMMANDS.encode(new KvCommand.Put(key, value));
  }

  static byte[] getKey(String key) {
    return KvCodec.COMMANDS.encode(new KvCommand.Get(key));
  }
}
