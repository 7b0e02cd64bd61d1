package org.pekkoraft.core;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/** Cores wired together with instant, lossless delivery and instant disks, for scripted rule tests. */
final class LoopbackNet {

  private record InFlight(NodeId to, RaftMessage message) {}

  private final Map<NodeId, Raft> nodes = new LinkedHashMap<>();
  private final ArrayDeque<InFlight> queue = new ArrayDeque<>();

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

  void drain() {
    while (!queue.isEmpty()) {
      InFlight next = queue.poll();
      Raft raft = nodes.get(next.to());
      raft.receive(next.message());
      collect(raft);
    }
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
