package org.pekkoraft.sim;

import java.util.ArrayList;
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
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.core.Role;
import org.pekkoraft.statemachine.ApplyResult;

/**
 * A deterministic simulated cluster: logical time in milliseconds, one seeded random source for every choice
 * (delays, drops, duplicates, faults, election timeouts), servers that tick every 10 ms, disks that take a few
 * milliseconds per write. The same seed always replays the same run, event for event.
 *
 * <p>Clients live outside the nodes: they reach the nodes over the same lossy network, from a home node whose
 * links they share (so a partition puts each client on one side), and schedule their own timers with {@link #at}.
 *
 * <p>After every event the {@link Invariants} are checked; a violation throws with the seed and the time. Applied
 * entries also feed the {@link ReplicaStates} and {@link ExactlyOnce} checks.
 */
final class SimCluster implements SimKvServer.Network {

  static final int TICK_MS = 10;

  private record Event(long time, long seq, int node, int incarnation, Object payload) {}

  private record Deliver(RaftMessage message) {}

  private record Tick() {}

  private record WriteDone(long batchId) {}

  private record FromClient(ClientRequest request) {}

  /** Events for no node (clients' deliveries and timers) use this node number. */
  private static final int OUTSIDE = -1;

  final long seed;
  final SplittableRandom random;
  final List<SimNode> nodes = new ArrayList<>();
  final NetworkConditions conditions;
  final Invariants invariants;
  final ReplicaStates replicaStates;
  final ExactlyOnce exactlyOnce;
  final Coverage coverage = new Coverage();
  private final PriorityQueue<Event> events = new PriorityQueue<>(
      (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private long seq;
  private long now;
  private long eventsHandled;
  private long lastStamp;

  SimCluster(long seed, int size, RaftOptions options) {
    this(seed, size, 0, options, StateOptions.defaults());
  }

  /** {@code size} voters n1..nN and {@code spares} more servers that start with an empty configuration. */
  SimCluster(long seed, int size, int spares, RaftOptions options, StateOptions stateOptions) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= size + spares; i++) {
      ids.add(NodeId.of("n" + i));
    }
    this.conditions = new NetworkConditions(ids);
    Configuration bootstrap = Configuration.ofVoters(ids.subList(0, size));
    for (int i = 0; i < ids.size(); i++) {
      nodes.add(new SimNode(ids.get(i), options, i < size ? bootstrap : Configuration.EMPTY, random.nextLong(),
          stateOptions, this));
    }
    this.invariants = new Invariants(this);
    this.replicaStates = new ReplicaStates(invariants, 3);
    this.exactlyOnce = new ExactlyOnce(invariants);
    for (int i = 0; i < nodes.size(); i++) {
      schedule(random.nextInt(TICK_MS) + 1, i, new Tick());
    }
  }

  @Override
  public long now() {
    return now;
  }

  /**
   * A strictly increasing timestamp for client histories: logical microseconds, so that of two things that happen
   * in the same simulated millisecond, the one the simulation ran first is also first in the history.
   */
  long stamp() {
    lastStamp = Math.max(lastStamp + 1, now * 1000);
    return lastStamp;
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
      if (e.node == OUTSIDE) {
        ((Runnable) e.payload).run();
        continue;
      }
      SimNode node = nodes.get(e.node);
      if (now < node.pausedUntil) {
        // A paused process handles nothing: its timers, messages and disk completions wait, in order.
        events.add(new Event(node.pausedUntil, seq++, e.node, e.incarnation, e.payload));
        continue;
      }
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

  /** Runs {@code action} (a client's timer or a message reaching it) {@code afterMs} from now. */
  void at(long afterMs, Runnable action) {
    events.add(new Event(now + afterMs, seq++, OUTSIDE, 0, action));
  }

  /** Sends a client's request from its home node's side of the network to node {@code to}. */
  void sendRequest(NodeId home, NodeId to, ClientRequest request) {
    int target = indexOf(to);
    if (!conditions.linked(home, to) || random.nextDouble() < conditions.dropRate) {
      return;
    }
    schedule(delay(), target, new FromClient(request));
    if (random.nextDouble() < conditions.duplicateRate) {
      schedule(delay(), target, new FromClient(request));
    }
  }

  @Override
  public void reply(SimNode from, ClientRequest.Tag to, ClientReply reply) {
    if (!conditions.linked(from.id, to.client().home) || random.nextDouble() < conditions.dropRate) {
      return;
    }
    at(delay(), () -> to.client().onReply(to, reply));
    if (random.nextDouble() < conditions.duplicateRate) {
      at(delay(), () -> to.client().onReply(to, reply));
    }
  }

  @Override
  public long maxCommitted() {
    return invariants.maxCommitted();
  }

  @Override
  public boolean deposed(SimNode node) {
    for (SimNode n : nodes) {
      if (n.up && n.raft.role() == Role.LEADER && n.raft.currentTerm() > node.raft.currentTerm()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Coverage coverage() {
    return coverage;
  }

  /** Lease reads, when a run turns them on; -1 otherwise. */
  int leaseTicks = -1;

  @Override
  public int leaseTicks() {
    return leaseTicks;
  }

  @Override
  public void fail(String what) {
    invariants.fail(what);
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
    } else if (payload instanceof FromClient c) {
      node.server.onRequest(c.request());
    } else if (payload instanceof WriteDone w) {
      if (node.writing == null || node.writing.id() != w.batchId()) {
        return;
      }
      invariants.beforeDurable(node, node.writing.events());
      dispatch(node, node.finishWrite(w.batchId()));
    }
    afterInput(index, node);
  }

  /**
   * Carries out what the core asked for, in the order of the Outcome contract: persist (queue the events), send,
   * install a received snapshot, then apply committed entries, answer clients and serve confirmed reads.
   */
  private void afterInput(int index, SimNode node) {
    if (node.raft.flushPending()) {
      node.raft.flush();
    }
    takeOutcome(node);
    if (node.raft.role() != node.lastRole) {
      if (node.raft.role() == Role.LEADER) {
        invariants.onNewLeader(node);
      }
      node.lastRole = node.raft.role();
    }
    applyCommitted(node);
    node.server.serveReads();
    node.maybeSnapshot();
    takeOutcome(node);
    PersistQueue.Batch batch = node.startWrite();
    if (batch != null) {
      schedule(1 + random.nextInt(conditions.maxDiskDelayMs), index, new WriteDone(batch.id()));
    }
  }

  /** Applies what is committed, checking each entry, and answers the clients waiting for it. */
  private void applyCommitted(SimNode node) {
    while (node.canApply()) {
      SimNode.Applied applied = node.applyNext();
      invariants.onApply(node, applied.entry());
      exactlyOnce.onApplied(node, applied);
      if (applied.entry() instanceof LogEntry.Command c && c.clientId() != 0 && !applied.ranMachine()
          && applied.result() instanceof ApplyResult.Success) {
        coverage.duplicatesSuppressed++;
      }
      replicaStates.onState(node, applied.entry().index());
      node.server.onApplied(applied.entry(), applied.result());
    }
  }

  private void takeOutcome(SimNode node) {
    Outcome outcome = node.raft.takeOutcome();
    if (outcome.isEmpty()) {
      return;
    }
    dispatch(node, node.absorb(outcome));
    if (outcome.snapshotToRestore() != null) {
      node.installSnapshot(outcome.snapshotToRestore());
      coverage.snapshotsInstalled++;
      replicaStates.onState(node, node.lastApplied);
    }
    node.server.onReads(outcome);
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
    if (conditions.stallRate > 0 && random.nextDouble() < conditions.stallRate) {
      d += 100 + random.nextInt(1400);
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

  /**
   * Freezes a node for {@code ms} (a long GC or VM pause): it neither ticks nor handles anything, then resumes
   * with its whole backlog, unaware of the time that passed. Timing assumptions break here; safety must not.
   */
  void pause(SimNode node, long ms) {
    node.pausedUntil = Math.max(node.pausedUntil, now + ms);
  }

  void restart(SimNode node) {
    node.pausedUntil = 0;
    if (!node.up) {
      node.start(random.nextLong());
      invariants.onRestart(node);
    }
  }

  void partition(Set<NodeId> side) {
    conditions.partition(side);
  }

  void bridge(NodeId bridge, Set<NodeId> left) {
    conditions.bridge(bridge, left);
  }

  void heal() {
    conditions.heal();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("seed=" + seed + " t=" + now + "ms\n");
    for (SimNode n : nodes) {
      s.append("  ").append(n.id).append(n.up ? "" : " DOWN").append(' ').append(n.raft.role())
          .append(" term=").append(n.raft.currentTerm()).append(" commit=").append(n.raft.commitIndex())
          .append(" last=").append(n.raft.log().lastIndex()).append(" durable=").append(n.raft.durableIndex())
          .append(" applied=").append(n.lastApplied).append(" config=").append(n.raft.configuration()).append('\n');
    }
    return s.toString();
  }
}
