package org.pekkoraft.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Outcome;
import org.pekkoraft.core.PersistQueue;
import org.pekkoraft.core.RaftEvent;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.core.Role;

/**
 * A deterministic simulated cluster: logical time in milliseconds, one seeded random source for every choice
 * (delays, drops, duplicates, faults, election timeouts), servers that tick every 10 ms, disks that take a few
 * milliseconds per write. The same seed always replays the same run, event for event.
 *
 * <p>After every event the {@link Invariants} are checked; a violation throws with the seed and the time.
 */
final class SimCluster {

  static final int TICK_MS = 10;

  /** Network and disk behaviour; changed by the nemesis as the run goes on. */
  static final class Conditions {
    double dropRate;
    double duplicateRate;
    int maxDelayMs = 5;
    double slowRate;
    int maxDiskDelayMs = 3;
    /** Directed links that are cut: "from>to". */
    final Set<String> cut = new HashSet<>();

    boolean linked(NodeId from, NodeId to) {
      return !cut.contains(from + ">" + to);
    }
  }

  private record Event(long time, long seq, int node, int incarnation, Object payload) {}

  private record Deliver(RaftMessage message) {}

  private record Tick() {}

  private record WriteDone(long batchId) {}

  final long seed;
  final SplittableRandom random;
  final List<SimNode> nodes = new ArrayList<>();
  final Conditions conditions = new Conditions();
  final Invariants invariants;
  private final PriorityQueue<Event> events = new PriorityQueue<>(
      (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private long seq;
  private long now;
  private long eventsHandled;
  /** Called with (node, entry) for every entry a node applies, in order. */
  private final List<Applier> appliers = new ArrayList<>();

  interface Applier {
    void apply(SimNode node, LogEntry entry);
  }

  SimCluster(long seed, int size, RaftOptions options) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      ids.add(NodeId.of("n" + i));
    }
    Configuration bootstrap = Configuration.ofVoters(ids);
    for (NodeId id : ids) {
      nodes.add(new SimNode(id, options, bootstrap, random.nextLong()));
    }
    this.invariants = new Invariants(this);
    for (int i = 0; i < nodes.size(); i++) {
      schedule(random.nextInt(TICK_MS) + 1, i, new Tick());
    }
  }

  void onApply(Applier applier) {
    appliers.add(applier);
  }

  long now() {
    return now;
  }

  long eventsHandled() {
    return eventsHandled;
  }

  SimNode node(NodeId id) {
    for (SimNode n : nodes) {
      if (n.id.equals(id)) {
        return n;
      }
    }
    throw new IllegalArgumentException("no node " + id);
  }

  /** The up node that is leader in the highest term, or null. */
  SimNode leader() {
    SimNode best = null;
    for (SimNode n : nodes) {
      if (n.up && n.raft.role() == Role.LEADER && (best == null || n.raft.currentTerm() > best.raft.currentTerm())) {
        best = n;
      }
    }
    return best;
  }

  /** Runs events until logical time {@code until}. */
  void runUntil(long until) {
    while (!events.isEmpty() && events.peek().time <= until) {
      Event e = events.poll();
      now = e.time;
      SimNode node = nodes.get(e.node);
      if (e.payload instanceof Tick) {
        schedule(TICK_MS, e.node, new Tick());
      }
      if (!node.up || e.incarnation != node.incarnation) {
        continue;
      }
      eventsHandled++;
      handle(e.node, node, e.payload);
      invariants.afterEvent();
    }
    now = Math.max(now, until);
  }

  /** Runs for {@code ms} more milliseconds. */
  void run(long ms) {
    runUntil(now + ms);
  }

  /** Feeds an input to an up node through {@code input} and carries out the outcome, as the actor does. */
  void step(SimNode node, Consumer<SimNode> input) {
    if (!node.up) {
      return;
    }
    input.accept(node);
    afterInput(nodes.indexOf(node), node);
  }

  private void handle(int index, SimNode node, Object payload) {
    if (payload instanceof Tick) {
      node.raft.tick();
    } else if (payload instanceof Deliver d) {
      node.raft.receive(d.message());
    } else if (payload instanceof WriteDone w) {
      if (node.writing == null || node.writing.id() != w.batchId()) {
        return;
      }
      invariants.beforeDurable(node, node.writing.events());
      dispatch(node, node.finishWrite(w.batchId()));
    }
    afterInput(index, node);
  }

  private void afterInput(int index, SimNode node) {
    if (node.raft.flushPending()) {
      node.raft.flush();
    }
    dispatch(node, node.absorb());
    PersistQueue.Batch batch = node.startWrite();
    if (batch != null) {
      schedule(1 + random.nextInt(conditions.maxDiskDelayMs), index, new WriteDone(batch.id()));
    }
    if (node.raft.role() != node.lastRole) {
      if (node.raft.role() == Role.LEADER) {
        invariants.onNewLeader(node);
      }
      node.lastRole = node.raft.role();
    }
    if (node.raft.snapshot().lastIncludedIndex() > node.lastApplied) {
      node.lastApplied = node.raft.snapshot().lastIncludedIndex();
    }
    for (LogEntry entry : node.takeCommitted()) {
      invariants.onApply(node, entry);
      for (Applier applier : appliers) {
        applier.apply(node, entry);
      }
    }
  }

  private void dispatch(SimNode from, List<Outcome.Outbound> messages) {
    for (Outcome.Outbound out : messages) {
      invariants.onSend(from, out.message());
      int to = indexOf(out.to());
      if (to < 0 || !conditions.linked(from.id, out.to()) || random.nextDouble() < conditions.dropRate) {
        continue;
      }
      schedule(delay(), to, new Deliver(out.message()));
      if (random.nextDouble() < conditions.duplicateRate) {
        schedule(delay(), to, new Deliver(out.message()));
      }
    }
  }

  private long delay() {
    long d = 1 + random.nextInt(conditions.maxDelayMs);
    if (random.nextDouble() < conditions.slowRate) {
      d += random.nextInt(60);
    }
    return d;
  }

  private int indexOf(NodeId id) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).id.equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private void schedule(long after, int node, Object payload) {
    events.add(new Event(now + after, seq++, node, nodes.get(node).incarnation, payload));
  }

  // ---------------------------------------------------------------- faults

  void crash(SimNode node) {
    if (node.up) {
      node.crash(random.nextBoolean());
    }
  }

  void restart(SimNode node) {
    if (!node.up) {
      node.start(random.nextLong());
      invariants.onRestart(node);
    }
  }

  /** Cuts every link between {@code side} and the other nodes, both ways. */
  void partition(Set<NodeId> side) {
    conditions.cut.clear();
    for (SimNode a : nodes) {
      for (SimNode b : nodes) {
        if (side.contains(a.id) != side.contains(b.id)) {
          conditions.cut.add(a.id + ">" + b.id);
        }
      }
    }
  }

  /** A bridge: {@code bridge} talks to everyone, the two halves only to the bridge. */
  void bridge(NodeId bridge, Set<NodeId> left) {
    conditions.cut.clear();
    for (SimNode a : nodes) {
      for (SimNode b : nodes) {
        boolean eitherBridge = a.id.equals(bridge) || b.id.equals(bridge);
        if (!eitherBridge && left.contains(a.id) != left.contains(b.id)) {
          conditions.cut.add(a.id + ">" + b.id);
        }
      }
    }
  }

  void heal() {
    conditions.cut.clear();
  }

  List<RaftEvent> durableEvents(SimNode node) {
    List<RaftEvent> all = new ArrayList<>();
    node.disk.forEach(all::addAll);
    return all;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("seed=" + seed + " t=" + now + "ms\n");
    for (SimNode n : nodes) {
      s.append("  ").append(n.id).append(n.up ? "" : " DOWN").append(' ').append(n.raft.role())
          .append(" term=").append(n.raft.currentTerm()).append(" commit=").append(n.raft.commitIndex())
          .append(" last=").append(n.raft.log().lastIndex()).append(" durable=").append(n.raft.durableIndex())
          .append(" applied=").append(n.lastApplied).append('\n');
    }
    return s.toString();
  }
}
