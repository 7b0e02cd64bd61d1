package org.pekkoraft.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftOptions;

/**
 * One randomized run: a client writing through whoever leads, a nemesis breaking things, then a healed phase in
 * which the cluster must converge and every acknowledged write must be in the committed log.
 */
final class SimRun {

  /** What to throw at the cluster. */
  record Faults(boolean partitions, boolean crashes, boolean lossyNetwork) {
    static Faults all() {
      return new Faults(true, true, true);
    }

    static Faults none() {
      return new Faults(false, false, false);
    }
  }

  record Stats(long seed, long events, long committed, long acknowledged, long leaders, long crashes) {}

  private record Proposal(NodeId node, long index, long term, String data) {}

  private final SimCluster cluster;
  private final Faults faults;
  private final Map<NodeId, Map<Long, Proposal>> proposals = new HashMap<>();
  private final Set<String> acknowledged = new HashSet<>();
  private final Set<Long> leaderTerms = new HashSet<>();
  private long nextWrite;
  private long crashes;

  SimRun(long seed, int size, Faults faults) {
    RaftOptions options = RaftOptions.defaults();
    SimRandomOptions variation = SimRandomOptions.from(seed);
    this.cluster = new SimCluster(seed, size, variation.apply(options));
    this.faults = faults;
    cluster.onApply(this::onApply);
  }

  SimCluster cluster() {
    return cluster;
  }

  Stats run(long faultyMs, long healMs) {
    long end = cluster.now() + faultyMs;
    long nextFault = cluster.now() + 300;
    while (cluster.now() < end) {
      long step = 1 + cluster.random.nextInt(15);
      cluster.run(step);
      noteLeader();
      write();
      if (cluster.now() >= nextFault) {
        nemesis();
        nextFault = cluster.now() + 20 + cluster.random.nextInt(300);
      }
    }
    healAndConverge(healMs);
    return new Stats(cluster.seed, cluster.eventsHandled(), cluster.invariants.maxCommitted(),
        acknowledged.size(), leaderTerms.size(), crashes);
  }

  private void write() {
    SimNode leader = cluster.leader();
    if (leader == null) {
      return;
    }
    String data = "w" + (nextWrite++);
    long[] index = new long[1];
    cluster.step(leader, n -> index[0] = n.raft.proposeCommand(0, 0, 0, cluster.now(),
        data.getBytes(StandardCharsets.UTF_8)));
    if (index[0] > 0) {
      proposals.computeIfAbsent(leader.id, k -> new HashMap<>())
          .put(index[0], new Proposal(leader.id, index[0], leader.raft.currentTerm(), data));
    }
  }

  /** The proposing leader applied its own entry: the client would now get its reply. */
  private void onApply(SimNode node, LogEntry entry) {
    Map<Long, Proposal> mine = proposals.get(node.id);
    if (mine == null) {
      return;
    }
    Proposal p = mine.remove(entry.index());
    if (p != null && entry.term() == p.term() && entry instanceof LogEntry.Command c
        && new String(c.data(), StandardCharsets.UTF_8).equals(p.data())) {
      acknowledged.add(p.data());
    }
  }

  private void noteLeader() {
    SimNode leader = cluster.leader();
    if (leader != null) {
      leaderTerms.add(leader.raft.currentTerm());
    }
  }

  private void nemesis() {
    var random = cluster.random;
    int roll = random.nextInt(100);
    List<SimNode> nodes = cluster.nodes;
    if (faults.partitions() && roll < 20) {
      Set<NodeId> side = new HashSet<>();
      for (SimNode n : nodes) {
        if (random.nextBoolean()) {
          side.add(n.id);
        }
      }
      cluster.partition(side);
    } else if (faults.partitions() && roll < 30) {
      SimNode leader = cluster.leader();
      if (leader != null) {
        cluster.partition(Set.of(leader.id));
      }
    } else if (faults.partitions() && roll < 40) {
      List<NodeId> ids = new ArrayList<>();
      nodes.forEach(n -> ids.add(n.id));
      NodeId bridge = ids.remove(random.nextInt(ids.size()));
      cluster.bridge(bridge, new HashSet<>(ids.subList(0, ids.size() / 2)));
    } else if (roll < 60) {
      cluster.heal();
    } else if (faults.crashes() && roll < 66) {
      SimNode leader = cluster.leader();
      if (leader != null) {
        crashes++;
        cluster.crash(leader);
        cluster.restart(nodes.get(random.nextInt(nodes.size())));
      }
    } else if (faults.crashes() && roll < 72) {
      SimNode victim = random.nextInt(3) == 0 && cluster.leader() != null ? cluster.leader()
          : nodes.get(random.nextInt(nodes.size()));
      if (victim.up) {
        crashes++;
      }
      cluster.crash(victim);
    } else if (faults.crashes() && roll < 88) {
      for (SimNode n : nodes) {
        if (!n.up) {
          cluster.restart(n);
          break;
        }
      }
    } else if (faults.lossyNetwork()) {
      cluster.conditions.dropRate = random.nextDouble() * 0.3;
      cluster.conditions.duplicateRate = random.nextDouble() * 0.05;
      cluster.conditions.slowRate = random.nextDouble() * 0.2;
      cluster.conditions.maxDiskDelayMs = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
    }
  }

  /**
   * Heals everything and requires progress: a leader that commits a fresh write, every node applying all of the
   * committed log, and every acknowledged write in it.
   */
  private void healAndConverge(long healMs) {
    cluster.heal();
    cluster.conditions.dropRate = 0;
    cluster.conditions.duplicateRate = 0;
    cluster.conditions.slowRate = 0;
    cluster.conditions.maxDiskDelayMs = 3;
    for (SimNode n : cluster.nodes) {
      cluster.restart(n);
    }
    long deadline = cluster.now() + healMs;
    String marker = null;
    long markerTerm = -1;
    while (cluster.now() < deadline) {
      cluster.run(20);
      SimNode leader = cluster.leader();
      if (leader == null) {
        continue;
      }
      if (leader.raft.currentTerm() != markerTerm) {
        // A marker proposed under an earlier leader may have been lost with it: propose one under this one.
        write();
        marker = "w" + (nextWrite - 1);
        markerTerm = leader.raft.currentTerm();
        continue;
      }
      if (acknowledged.contains(marker) && allCaughtUp(leader)) {
        checkAcknowledgedCommitted();
        return;
      }
    }
    cluster.invariants.fail("no convergence within " + healMs + " ms after healing");
  }

  private boolean allCaughtUp(SimNode leader) {
    for (SimNode n : cluster.nodes) {
      if (n.lastApplied < leader.raft.commitIndex() || n.raft.currentTerm() != leader.raft.currentTerm()) {
        return false;
      }
    }
    return true;
  }

  private void checkAcknowledgedCommitted() {
    Set<String> committed = new HashSet<>();
    for (long i = 1; i <= cluster.invariants.maxCommitted(); i++) {
      LogEntry e = cluster.invariants.committedAt(i);
      if (e instanceof LogEntry.Command c) {
        committed.add(new String(c.data(), StandardCharsets.UTF_8));
      }
    }
    for (String w : acknowledged) {
      if (!committed.contains(w)) {
        cluster.invariants.fail("acknowledged write " + w + " is not in the committed log");
      }
    }
  }
}
