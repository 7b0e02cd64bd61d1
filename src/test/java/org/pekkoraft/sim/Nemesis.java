package org.pekkoraft.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.server.ReplyTo;

/**
 * Breaks the simulated cluster in every way the design lists: random halves, a bridge node, an isolated leader,
 * healing, leader crashes (with a restart elsewhere), random crashes (an in-flight disk write lands or not;
 * unwritten events are lost), process pauses longer than an election (of the leader or any node), restarts, and lossy conditions (drops, duplicates, slow and reordered delivery, rare
 * stalls longer than an election, slow disks).
 */
final class Nemesis {

  /** What to throw at the cluster. */
  record Faults(boolean partitions, boolean crashes, boolean lossyNetwork) {
    static Faults all() {
      return new Faults(true, true, true);
    }

    static Faults none() {
      return new Faults(false, false, false);
    }
  }

  private final SimCluster cluster;
  private final Faults faults;
  private final KvScenario.Extras extras;
  private long crashes;

  Nemesis(SimCluster cluster, Faults faults, KvScenario.Extras extras) {
    this.cluster = cluster;
    this.faults = faults;
    this.extras = extras;
  }

  long crashes() {
    return crashes;
  }

  /** Does one random thing to the cluster. */
  void strike() {
    SplittableRandom random = cluster.random;
    if (faults.crashes() && random.nextInt(3) == 0 && restartOneReceivingASnapshot(random)) {
      return;
    }
    if (extras.membership() && random.nextInt(6) == 0) {
      changeMembership(random);
      return;
    }
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
    } else if (faults.crashes() && roll < 76) {
      SimNode victim = random.nextBoolean() && cluster.leader() != null ? cluster.leader()
          : nodes.get(random.nextInt(nodes.size()));
      cluster.pause(victim, 100 + random.nextInt(1400));
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
      cluster.conditions.stallRate = random.nextInt(3) == 0 ? random.nextDouble() * 0.03 : 0;
      cluster.conditions.maxDiskDelayMs = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
    }
  }

  /**
   * Asks whoever leads for a configuration change or a leadership transfer: add a server that is not a member (as
   * a voter or a learner), remove a member (the leader included), move to a random voting set by joint consensus,
   * or hand leadership to a random voter. The core refuses what is not allowed at the moment; that is fine too.
   */
  private void changeMembership(SplittableRandom random) {
    SimNode leader = cluster.leader();
    if (leader == null) {
      return;
    }
    Configuration config = leader.raft().configuration();
    List<NodeId> members = new ArrayList<>(config.members());
    List<NodeId> outsiders = new ArrayList<>();
    cluster.nodes.forEach(n -> {
      if (!config.isMember(n.id)) {
        outsiders.add(n.id);
      }
    });
    int roll = random.nextInt(100);
    // The request goes through the replica as an operator's would; a refusal is answered before the call returns.
    boolean[] refused = new boolean[1];
    long[] asked = {cluster.now()};
    ReplyTo answer = response -> refused[0] |= cluster.now() == asked[0] && response instanceof ClientResponse.Rejected;
    if (roll < 35 && !outsiders.isEmpty()) {
      NodeId added = outsiders.get(random.nextInt(outsiders.size()));
      boolean voter = random.nextInt(4) != 0;
      cluster.step(leader, r -> r.addMember(added, cluster.endpoint(added), voter, answer));
    } else if (roll < 65) {
      NodeId removed = members.get(random.nextInt(members.size()));
      cluster.step(leader, r -> r.removeMember(removed, answer));
    } else if (roll < 80) {
      Collections.shuffle(members, new java.util.Random(random.nextLong()));
      Set<NodeId> voters = new HashSet<>(members.subList(0, 1 + random.nextInt(members.size())));
      cluster.step(leader, r -> r.changeVoters(voters, answer));
    } else {
      List<NodeId> voters = new ArrayList<>(config.voters());
      voters.remove(leader.id);
      if (voters.isEmpty()) {
        return;
      }
      NodeId target = voters.get(random.nextInt(voters.size()));
      cluster.step(leader, r -> r.transferLeadership(target, answer));
      if (!refused[0]) {
        cluster.coverage.transfers++;
        if (random.nextBoolean()) {
          // Cut the old leader off while its TimeoutNow is on the way: the target may win without it ever hearing,
          // and the clients on its side keep asking it (a lease it must no longer claim).
          cluster.partition(Set.of(leader.id));
        }
      }
      return;
    }
    if (!refused[0]) {
      cluster.coverage.configurationChanges++;
    }
  }

  /**
   * Crashes a node that is halfway through receiving a snapshot and starts it again at once: what it had received
   * is gone, and the leader must notice and start over where it stands. False when no node is receiving one.
   */
  private boolean restartOneReceivingASnapshot(SplittableRandom random) {
    List<SimNode> receiving = new ArrayList<>();
    for (SimNode n : cluster.nodes) {
      if (n.up && n.raft().receivingSnapshot()) {
        receiving.add(n);
      }
    }
    if (receiving.isEmpty()) {
      return false;
    }
    SimNode victim = receiving.get(random.nextInt(receiving.size()));
    crashes++;
    cluster.coverage.restartsDuringSnapshot++;
    cluster.crash(victim);
    cluster.restart(victim);
    return true;
  }

  /** Heals the network, calms it down, and restarts every crashed node. */
  void stop() {
    cluster.conditions.calm();
    for (SimNode n : cluster.nodes) {
      cluster.restart(n);
    }
  }
}
