package org.pekkoraft.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.core.Role;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.protocol.ClientResponse;

/**
 * The liveness bound, checked after a run has healed and converged: through a healthy stretch (no fault for ten
 * maximum election timeouts) no member starts an election or changes term, the leader keeps leading, and every
 * proposal it takes is committed, applied and answered within {@link #COMMIT_BOUND_MS}.
 */
final class HealthyStretch {

  /** A calm network delivers within 5 ms and a disk writes within 3 ms: a commit takes a few of each. */
  static final long COMMIT_BOUND_MS = 100;
  private static final long PROPOSE_EVERY_MS = 20;

  private HealthyStretch() {}

  /** Returns the slowest commit seen, in milliseconds. */
  static long check(SimCluster cluster, RaftOptions options) {
    SimNode leader = cluster.leader();
    if (leader == null) {
      cluster.fail("no leader at the start of the healthy stretch");
    }
    long term = leader.raft().currentTerm();
    Map<NodeId, Long> terms = new LinkedHashMap<>();
    for (SimNode n : cluster.nodes) {
      if (leader.raft().configuration().isMember(n.id)) {
        terms.put(n.id, n.raft().currentTerm());
      }
    }
    byte[] command = KvCodec.COMMANDS.encode(new KvCommand.Put("~healthy", "x"));
    List<long[]> proposals = new ArrayList<>();
    long end = cluster.now() + 10L * options.electionTimeoutMaxTicks() * SimCluster.TICK_MS;
    while (cluster.now() < end) {
      long[] p = {cluster.now(), -1};
      proposals.add(p);
      cluster.step(leader, r -> r.write(0, 0, 0, command, response -> {
        if (!(response instanceof ClientResponse.Ok)) {
          cluster.fail("in a healthy stretch the leader answered a proposal " + response);
        }
        p[1] = cluster.now();
      }));
      cluster.run(PROPOSE_EVERY_MS);
    }
    cluster.run(COMMIT_BOUND_MS);
    long slowest = 0;
    for (long[] p : proposals) {
      if (p[1] < 0 || p[1] - p[0] > COMMIT_BOUND_MS) {
        cluster.fail("liveness: a proposal made at " + p[0] + " ms in a healthy stretch was "
            + (p[1] < 0 ? "never answered" : "answered only after " + (p[1] - p[0]) + " ms"));
      }
      slowest = Math.max(slowest, p[1] - p[0]);
    }
    if (leader.raft().role() != Role.LEADER || leader.raft().currentTerm() != term) {
      cluster.fail("liveness: " + leader.id + " stopped leading term " + term + " in a healthy stretch");
    }
    for (Map.Entry<NodeId, Long> e : terms.entrySet()) {
      long now = cluster.node(e.getKey()).raft().currentTerm();
      if (now != e.getValue()) {
        cluster.fail("liveness: " + e.getKey() + " went from term " + e.getValue() + " to " + now
            + " in a healthy stretch: an election happened without a fault");
      }
    }
    return slowest;
  }
}
