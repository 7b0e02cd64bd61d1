package org.pekkoraft.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Cores wired together with instant, in-order delivery and instant disks, for scripted rule tests. Messages are lost
 * only where a test says so ({@link #dropWhile}).
 */
final class LoopbackNet {

  private record InFlight(NodeId to, RaftMessage message) {}

  private final Map<NodeId, Raft> nodes = new LinkedHashMap<>();
  private final ArrayDeque<InFlight> queue = new ArrayDeque<>();
  /** Decides, for each message about to be delivered to a node, whether the network loses it. */
  private BiPredicate<NodeId, RaftMessage> lose = (to, message) -> false;
  private long delivered;
  private final Map<NodeId, List<Ready.ReadState>> readsReady = new LinkedHashMap<>();
  private static final long MAX_DRAIN = 100_000;

  LoopbackNet(RaftOptions options, String... names) {
    for (String name : names) {
      nodes.put(NodeId.of(name), CoreFixture.server(name, CoreFixture.state(0), options, names));
    }
  }

  Raft get(String name) {
    return nodes.get(NodeId.of(name));
  }

  void deliver(String to, RaftMessage message) {
    Raft raft = get(to);
    raft.receive(message);
    collect(raft);
  }

  /**
   * Delivers until nothing is in flight. Fails past {@link #MAX_DRAIN} deliveries: servers that answer each other
   * forever without any tick in between are livelocked.
   */
  void drain() {
    long budget = MAX_DRAIN;
    while (!queue.isEmpty()) {
      if (--budget < 0) {
        throw new AssertionError("livelock: " + MAX_DRAIN + " messages delivered without a tick, e.g. "
            + queue.peek().message());
      }
      InFlight next = queue.poll();
      if (lose.test(next.to(), next.message())) {
        continue;
      }
      delivered++;
      Raft raft = nodes.get(next.to());
      raft.receive(next.message());
      collect(raft);
    }
  }

  /** Loses every message for which {@code rule} (given the receiver and the message) is true, from now on. */
  void dropWhile(BiPredicate<NodeId, RaftMessage> rule) {
    lose = rule;
  }

  /** Reports, at every node, every other node reachable: the failure detector that quiescence relies on. */
  void reachAll() {
    for (Raft raft : nodes.values()) {
      for (NodeId peer : nodes.keySet()) {
        raft.peerReachable(peer);
      }
      collect(raft);
    }
  }

  /** Reports, at {@code at}, {@code peer} unreachable (as a failure detector would after a crash). */
  void unreachable(String at, String peer) {
    Raft raft = get(at);
    raft.peerUnreachable(NodeId.of(peer));
    collect(raft);
  }

  /** Ticks only the named nodes, delivering everything after each round. */
  void tick(int ticks, String... names) {
    for (int t = 0; t < ticks; t++) {
      for (String name : names) {
        Raft raft = get(name);
        raft.tick();
        collect(raft);
      }
      drain();
    }
  }

  /** The ReadIndex reads each node has confirmed so far. */
  List<Ready.ReadState> readsReady(String name) {
    return readsReady.getOrDefault(NodeId.of(name), List.of());
  }

  /** Messages delivered so far. */
  long delivered() {
    return delivered;
  }

  /** Ticks every node {@code ticks} times, delivering everything after each round. */
  void tickAll(int ticks) {
    for (int t = 0; t < ticks; t++) {
      for (Raft raft : nodes.values()) {
        raft.tick();
        collect(raft);
      }
      drain();
    }
  }

  /** Hands {@code raft}'s pending output (after an input a test gave it directly) to the network. */
  void collectFrom(Raft raft) {
    collect(raft);
  }

  Raft tickUntilLeader(int maxTicks) {
    for (int t = 0; t < maxTicks; t++) {
      for (Raft raft : nodes.values()) {
        raft.tick();
        collect(raft);
      }
      drain();
      for (Raft raft : nodes.values()) {
        if (raft.role() == Role.LEADER) {
          return raft;
        }
      }
    }
    throw new AssertionError("no leader within " + maxTicks + " ticks");
  }

  /** The smallest host of the public {@link Ready} contract: a disk that is durable at once, no state machine. */
  private void collect(Raft raft) {
    Ready ready = raft.ready();
    while (true) {
      if (!ready.readsReady().isEmpty()) {
        readsReady.computeIfAbsent(raft.id(), k -> new ArrayList<>()).addAll(ready.readsReady());
      }
      for (Ready.Outbound out : ready.messages()) {
        if (nodes.containsKey(out.to())) {
          queue.add(new InFlight(out.to(), out.message()));
        }
      }
      if (ready.write() != null) {
        raft.persisted(ready.write().id());
      } else if (ready.flushNeeded()) {
        raft.flush();
      } else {
        return;
      }
      ready = raft.ready();
    }
  }
}
