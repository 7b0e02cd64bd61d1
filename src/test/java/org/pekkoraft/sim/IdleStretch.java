package org.pekkoraft.sim;

import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.core.Role;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.protocol.ClientResponse;

/**
 * Quiescence, checked at the end of a run that has it on, on a calm network: left idle, every member goes quiet
 * and the servers then send nothing; a proposal wakes the leader and commits as fast as in a healthy stretch; and
 * once the group is quiet again, killing its leader (when the other voters are a quorum) gets a new one elected,
 * through the failure detector's report, within a bound. Invariants are checked throughout, as after every event.
 */
final class IdleStretch {

  /** Detection (reported with probability 1/3 per 100 ms round) plus a few election rounds. */
  static final long REPLACE_BOUND_MS = 6_000;
  private static final long QUIET_BOUND_MS = 5_000;
  private static final long SILENT_MS = 2_000;

  private IdleStretch() {}

  static void check(SimCluster cluster, RaftOptions options) {
    if (!options.quiesce()) {
      return;
    }
    awaitQuiet(cluster, "left idle");
    SimNode leader = cluster.leader();
    long sent = sentByMembers(cluster, leader);
    cluster.run(SILENT_MS);
    if (sentByMembers(cluster, leader) != sent) {
      cluster.fail("quiescence: " + (sentByMembers(cluster, leader) - sent) + " messages sent by a quiet group in "
          + SILENT_MS + " ms");
    }
    long term = leader.raft().currentTerm();
    long[] answered = {-1};
    long proposed = cluster.now();
    byte[] command = KvCodec.COMMANDS.encode(new KvCommand.Put("~quiet", "x"));
    cluster.step(leader, r -> r.write(0, 0, 0, command, response -> {
      if (response instanceof ClientResponse.Ok) {
        answered[0] = cluster.now();
      }
    }));
    cluster.run(HealthyStretch.COMMIT_BOUND_MS);
    if (answered[0] < 0) {
      cluster.fail("quiescence: a proposal at a quiet leader was not committed within "
          + HealthyStretch.COMMIT_BOUND_MS + " ms of " + proposed);
    }
    awaitQuiet(cluster, "after a proposal");
    cluster.coverage.idleStretchesQuiet++;
    int voters = leader.raft().configuration().voters().size();
    if (voters - 1 <= voters / 2) {
      return;
    }
    cluster.crash(leader);
    long killed = cluster.now();
    while (cluster.now() < killed + REPLACE_BOUND_MS) {
      cluster.run(20);
      SimNode next = cluster.leader();
      if (next != null && next != leader && next.raft().currentTerm() > term) {
        cluster.coverage.quietLeadersReplaced++;
        cluster.restart(leader);
        return;
      }
    }
    cluster.fail("quiescence: no new leader within " + REPLACE_BOUND_MS + " ms of killing the quiet leader");
  }

  /**
   * Messages the members of the leader's configuration sent each other. A server removed while cut off may campaign
   * on without knowing: it wakes nobody, and the refusals it gets are not the group's chatter.
   */
  private static long sentByMembers(SimCluster cluster, SimNode leader) {
    var config = leader.raft().configuration();
    long sent = 0;
    for (SimNode n : cluster.nodes) {
      if (config.isMember(n.id)) {
        for (var e : n.messagesSent.entrySet()) {
          if (config.isMember(e.getKey())) {
            sent += e.getValue();
          }
        }
      }
    }
    return sent;
  }

  /** Runs until the leader and every up member of its configuration are quiescent. */
  private static void awaitQuiet(SimCluster cluster, String when) {
    long deadline = cluster.now() + QUIET_BOUND_MS;
    while (cluster.now() < deadline) {
      cluster.run(20);
      if (allQuiet(cluster)) {
        return;
      }
    }
    StringBuilder state = new StringBuilder();
    for (SimNode n : cluster.nodes) {
      state.append(' ').append(n.id).append(n.raft().quiescent() ? " quiet" : " awake").append(" reaches");
      for (SimNode peer : cluster.nodes) {
        if (n.raft().reachable(peer.id)) {
          state.append(' ').append(peer.id);
        }
      }
      state.append(';');
    }
    cluster.fail("quiescence: the group did not go quiet within " + QUIET_BOUND_MS + " ms " + when + ":" + state);
  }

  private static boolean allQuiet(SimCluster cluster) {
    SimNode leader = cluster.leader();
    if (leader == null || !leader.raft().quiescent()) {
      return false;
    }
    for (SimNode n : cluster.nodes) {
      if (n.up && leader.raft().configuration().isMember(n.id) && n.raft().role() != Role.LEADER
          && !n.raft().quiescent()) {
        return false;
      }
    }
    return true;
  }
}
