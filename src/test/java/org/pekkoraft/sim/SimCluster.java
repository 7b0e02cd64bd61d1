package org.pekkoraft.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.server.Replica;
import org.pekkoraft.server.ReplicaOptions;
import org.pekkoraft.server.ReplyTo;
import org.pekkoraft.statemachine.ApplyResult;

/**
 * A deterministic simulated cluster: logical time in milliseconds, one seeded random source for every choice
 * (delays, drops, duplicates, faults, election timeouts), servers that tick every 10 ms, disks that take a few
 * milliseconds per write. The same seed always replays the same run, event for event. Each server is the shipped
 * {@link Replica} hosted by a {@link SimIo}.
 *
 * <p>Clients live outside the nodes: they reach the nodes over the same lossy network, from a home node whose
 * links they share (so a partition puts each client on one side), and schedule their own timers with {@link #at}.
 *
 * <p>After every event the {@link Invariants} are checked; a violation throws with the seed and the time. Applied
 * entries also feed the {@link ReplicaStates} and {@link ExactlyOnce} checks.
 */
final class SimCluster {

  static final int TICK_MS = 10;

  private record Event(long time, long seq, int node, int incarnation, Object payload) {}

  private record Deliver(RaftMessage message) {}

  private record Tick() {}

  private record Flush() {}

  private record WriteDone(long writeId) {}

  private record SnapshotDone(long index, byte[] data) {}

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
  /** How clients' gets are served unless they go through the log: LEASE in runs that turn lease reads on. */
  ReplicaOptions.ReadMode readMode = ReplicaOptions.ReadMode.READ_INDEX;
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
    this.invariants = new Invariants(this);
    this.replicaStates = new ReplicaStates(invariants, 3);
    this.exactlyOnce = new ExactlyOnce(invariants);
    Configuration bootstrap = Configuration.ofVoters(ids.subList(0, size));
    for (int i = 0; i < ids.size(); i++) {
      nodes.add(new SimNode(ids.get(i), options, i < size ? bootstrap : Configuration.EMPTY, random.nextLong(),
          stateOptions, this));
    }
    for (int i = 0; i < nodes.size(); i++) {
      schedule(random.nextInt(TICK_MS) + 1, i, new Tick());
    }
    new FailureDetector(this, seed).start();
  }

  long now() {
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
      if (n.up && n.raft().role() == Role.LEADER
          && (best == null || n.raft().currentTerm() > best.raft().currentTerm())) {
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
        // A paused process handles nothing: its messages and disk completions wait, in order, and its timer's tick
        // comes only after them, as a fixed-rate timer's missed ticks do after SIGSTOP: a resumed leader handles
        // reads before its clock has told it, in ticks, how long it was away.
        long resume = e.payload instanceof Tick ? node.pausedUntil + 1 : node.pausedUntil;
        events.add(new Event(resume, seq++, e.node, e.incarnation, e.payload));
        continue;
      }
      if (e.payload instanceof Tick) {
        schedule(TICK_MS, e.node, new Tick());
      }
      if (!node.up || e.incarnation != node.incarnation) {
        continue;
      }
      eventsHandled++;
      handle(node, e.payload);
      afterEvent(node);
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

  /** Carries {@code from}'s answer back to the client that tagged the request, over the lossy network. */
  void reply(SimNode from, ClientRequest.Tag to, ClientResponse response) {
    if (!conditions.linked(from.id, to.client().home()) || random.nextDouble() < conditions.dropRate) {
      return;
    }
    at(delay(), () -> to.client().onReply(to, response));
    if (random.nextDouble() < conditions.duplicateRate) {
      at(delay(), () -> to.client().onReply(to, response));
    }
  }

  /** True when some node leads a newer term than {@code node}'s. */
  boolean deposed(SimNode node) {
    for (SimNode n : nodes) {
      if (n.up && n.raft().role() == Role.LEADER && n.raft().currentTerm() > node.raft().currentTerm()) {
        return true;
      }
    }
    return false;
  }

  void fail(String what) {
    invariants.fail(what);
  }

  /** Feeds an input to an up node's replica now, then runs the checks, as if it were an event. */
  void step(SimNode node, java.util.function.Consumer<Replica> input) {
    if (!node.up) {
      return;
    }
    input.accept(node.replica());
    afterEvent(node);
  }

  private void handle(SimNode node, Object payload) {
    Replica replica = node.replica();
    if (payload instanceof Tick) {
      // The host skips a quiescent server's ticks, as the node does; the core would ignore them anyway.
      if (replica.quiescent()) {
        coverage.ticksSkipped++;
      } else {
        replica.tick();
      }
    } else if (payload instanceof Flush) {
      replica.flush();
    } else if (payload instanceof Deliver d) {
      replica.receive(d.message());
    } else if (payload instanceof FromClient c) {
      onRequest(node, c.request());
    } else if (payload instanceof SnapshotDone s) {
      replica.snapshotWritten(s.index(), s.data());
    } else if (payload instanceof WriteDone w) {
      if (node.writing == null || node.writing.id() != w.writeId()) {
        return;
      }
      invariants.beforeDurable(node, node.writing.events());
      node.finishWrite(w.writeId());
    }
  }

  private void afterEvent(SimNode node) {
    if (node.up && node.raft().quiescent() != node.lastQuiescent) {
      node.lastQuiescent = node.raft().quiescent();
      if (node.lastQuiescent) {
        coverage.quiesced++;
      } else {
        coverage.woke++;
      }
    }
    if (node.up && node.raft().role() != node.lastRole) {
      if (node.raft().role() == Role.LEADER) {
        invariants.onNewLeader(node);
      }
      node.lastRole = node.raft().role();
    }
    invariants.afterEvent();
  }

  /**
   * A client request, handed to the replica as the actor hands it over. A read also checks what ReadIndex and the
   * lease promise: the state it is answered from includes every entry committed anywhere (by this leader or a newer
   * one) when it arrived. A deposed leader answering from its stale state fails here.
   */
  private void onRequest(SimNode node, ClientRequest request) {
    Replica replica = node.replica();
    ReplyTo reply = response -> reply(node, request.tag(), response);
    if (request instanceof ClientRequest.Register) {
      replica.registerClient(reply);
    } else if (request instanceof ClientRequest.Write w) {
      replica.write(w.clientId(), w.sequence(), w.firstUnacknowledged(), w.command(), reply);
    } else if (request instanceof ClientRequest.Batch b) {
      coverage.batches++;
      replica.writeBatch(b.clientId(), b.firstUnacknowledged(), b.writes(), reply);
    } else if (request instanceof ClientRequest.Read r) {
      if (node.raft().role() == Role.LEADER && deposed(node)) {
        coverage.readsAtDeposedLeader++;
      }
      long mustReflect = invariants.maxCommitted();
      replica.read(r.query(), r.mode(), response -> {
        if (response instanceof ClientResponse.Ok && node.lastApplied() < mustReflect) {
          fail("stale read: " + node.id + " answered a " + r.mode() + " read from its state at index "
              + node.lastApplied() + ", but index " + mustReflect + " had been committed when the read arrived");
        }
        reply.tell(response);
      });
    }
  }

  // ---------------------------------------------------------------- what SimIo asks for

  void diskWrite(SimNode node, long writeId) {
    schedule(1 + random.nextInt(conditions.maxDiskDelayMs), nodes.indexOf(node), new WriteDone(writeId));
  }

  void snapshotWrite(SimNode node, long index, byte[] data) {
    schedule(1 + random.nextInt(conditions.maxDiskDelayMs), nodes.indexOf(node), new SnapshotDone(index, data));
  }

  void scheduleFlush(SimNode node) {
    schedule(0, nodes.indexOf(node), new Flush());
  }

  void dispatch(SimNode from, NodeId toId, RaftMessage message) {
    invariants.onSend(from, message);
    from.messagesSent.merge(toId, 1L, Long::sum);
    int to = indexOf(toId);
    if (to < 0 || !conditions.linked(from.id, toId) || random.nextDouble() < conditions.dropRate) {
      return;
    }
    schedule(delay(), to, new Deliver(message));
    if (random.nextDouble() < conditions.duplicateRate) {
      schedule(delay(), to, new Deliver(message));
    }
  }

  String endpoint(NodeId id) {
    int i = indexOf(id);
    return i < 0 ? null : "127.0.0.1:" + (7001 + i);
  }

  /** Checks each applied entry and feeds the replica-state and exactly-once checks. */
  void onApplied(SimNode node, SimNode.Applied applied) {
    invariants.onApply(node, applied.entry());
    exactlyOnce.onApplied(node, applied);
    if (applied.entry() instanceof LogEntry.Command c && c.clientId() != 0 && !applied.ranMachine()
        && applied.result() instanceof ApplyResult.Success) {
      coverage.duplicatesSuppressed++;
    }
    replicaStates.onState(node, applied.entry().index());
  }

  void onSnapshotRestored(SimNode node, long index) {
    coverage.snapshotsInstalled++;
    replicaStates.onState(node, index);
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
      coverage.add(node.replica().stats());
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

  /** The run's coverage: what the checks counted plus what every replica, crashed or running, did. */
  Coverage totalCoverage() {
    Coverage total = new Coverage();
    total.add(coverage);
    for (SimNode n : nodes) {
      if (n.up) {
        total.add(n.replica().stats());
      }
    }
    return total;
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
      s.append("  ").append(n.id).append(n.up ? "" : " DOWN").append(' ').append(n.raft().role())
          .append(" term=").append(n.raft().currentTerm()).append(" commit=").append(n.raft().commitIndex())
          .append(" last=").append(n.raft().log().lastIndex()).append(" durable=").append(n.raft().durableIndex())
          .append(" applied=").append(n.lastApplied()).append(" config=").append(n.raft().configuration())
          .append('\n');
    }
    return s.toString();
  }
}
