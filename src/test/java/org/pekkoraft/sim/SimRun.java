package org.pekkoraft.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.lincheck.History;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvOutput;
import org.pekkoraft.lincheck.Operation;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.server.ReplicaOptions;

/**
 * One randomized run: several KV clients working through whoever they believe leads while the {@link Nemesis}
 * breaks things, then a healed phase in which the clients finish and the cluster must converge. Then the checks
 * that need the whole run: every replica holds the same state, every acknowledged write was applied exactly once,
 * and the client history is linearizable.
 */
final class SimRun {

  record Stats(long seed, long events, long committed, long ops, long ok, long info, long fail, long leaders,
      long crashes, long statesCompared, long checkNanos, long slowestHealthyCommitMs, Coverage coverage) {}

  private final SimCluster cluster;
  private final RaftOptions options;
  private final Nemesis nemesis;
  private final History<KvInput, KvOutput> history;
  private final List<SimClient> clients = new ArrayList<>();
  private PipelinedClient pipelined;
  private final Set<Long> leaderTerms = new HashSet<>();

  SimRun(long seed, int size, Nemesis.Faults faults) {
    this(seed, size, faults, true);
  }

  /**
   * @param extras allow membership changes and lease reads; off, a seed runs as it did before they existed
   */
  SimRun(long seed, int size, Nemesis.Faults faults, boolean extras) {
    this(seed, size, faults, extras, true);
  }

  /**
   * @param quiesce false: never quiesce, whatever the seed draws (a seed recorded before quiescence existed then
   *     replays as it did)
   */
  SimRun(long seed, int size, Nemesis.Faults faults, boolean extras, boolean quiesce) {
    RaftOptions drawn = SimRandomOptions.from(seed).apply(RaftOptions.defaults());
    options = quiesce ? drawn : drawn.withQuiesce(false);
    KvScenario scenario = KvScenario.from(seed, extras);
    // Without check-quorum there is no leader stickiness, and then a removed server may disrupt the cluster, as the
    // dissertation says (section 4.2.3); lease reads need it too. Both are exercised only with it on.
    KvScenario.Extras used = options.checkQuorum() ? scenario.extras() : KvScenario.Extras.NONE;
    this.cluster = new SimCluster(seed, size, used.spares(), options, scenario.state());
    if (used.leaseReads()) {
      cluster.readMode = ReplicaOptions.ReadMode.LEASE;
    }
    this.nemesis = new Nemesis(cluster, faults, used);
    this.history = new History<>(cluster::stamp);
    KvWorkload workload = new KvWorkload(cluster.random, scenario.keys());
    for (int p = 0; p < scenario.clients(); p++) {
      SimNode home = cluster.nodes.get(cluster.random.nextInt(size));
      clients.add(new SimClient(p, home.id, cluster, history, scenario.client(), workload));
    }
    if (scenario.pipelineDepth() > 0) {
      SimNode home = cluster.nodes.get(cluster.random.nextInt(size));
      pipelined = new PipelinedClient(home.id, cluster, history, scenario.client(), scenario.pipelineDepth());
    }
  }

  SimCluster cluster() {
    return cluster;
  }

  Stats run(long faultyMs, long healMs) {
    clients.forEach(SimClient::start);
    if (pipelined != null) {
      pipelined.start();
    }
    long end = cluster.now() + faultyMs;
    long nextFault = cluster.now() + 300;
    while (cluster.now() < end) {
      cluster.run(1 + cluster.random.nextInt(15));
      noteLeader();
      if (cluster.now() >= nextFault) {
        nemesis.strike();
        nextFault = cluster.now() + 20 + cluster.random.nextInt(300);
      }
    }
    clients.forEach(SimClient::stop);
    if (pipelined != null) {
      pipelined.stop();
    }
    nemesis.stop();
    converge(healMs);
    long slowestHealthyCommit = HealthyStretch.check(cluster, options);
    checkSameStateEverywhere();
    checkAcknowledgedWritesAppliedOnce();
    List<Operation<KvInput, KvOutput>> ops = history.operations();
    long started = System.nanoTime();
    HistoryCheck.verify(cluster.seed, ops);
    long checkNanos = System.nanoTime() - started;
    IdleStretch.check(cluster, options);
    long ok = 0;
    long info = 0;
    long fail = 0;
    for (SimClient c : clients) {
      ok += c.ok();
      info += c.info();
      fail += c.fail();
    }
    return new Stats(cluster.seed, cluster.eventsHandled(), cluster.invariants.maxCommitted(), ops.size(), ok, info,
        fail, leaderTerms.size(), nemesis.crashes(), cluster.replicaStates.compared(), checkNanos,
        slowestHealthyCommit, cluster.totalCoverage());
  }

  private void noteLeader() {
    SimNode leader = cluster.leader();
    if (leader != null) {
      leaderTerms.add(leader.raft().currentTerm());
    }
  }

  /**
   * Requires progress once healed: a leader that commits a fresh entry of its term, every node applying all of the
   * committed log, every client done with its last operation.
   */
  private void converge(long healMs) {
    long deadline = cluster.now() + healMs;
    long markerTerm = -1;
    boolean[] markerRefused = new boolean[1];
    boolean[] markerApplied = new boolean[1];
    byte[] marker = KvCodec.COMMANDS.encode(new KvCommand.Get("~marker"));
    while (cluster.now() < deadline) {
      cluster.run(20);
      SimNode leader = cluster.leader();
      if (leader == null) {
        continue;
      }
      if (leader.raft().currentTerm() != markerTerm || markerRefused[0]) {
        // A marker proposed under an earlier leader may have been lost with it: propose one under this one. It is
        // answered Ok only once applied in the term it was appended in, that is, committed by this leader.
        long term = leader.raft().currentTerm();
        markerTerm = term;
        markerApplied[0] = false;
        markerRefused[0] = false;
        cluster.step(leader, r -> r.write(0, 0, 0, marker, response -> {
          if (response instanceof ClientResponse.Ok) {
            markerApplied[0] = true;
          } else {
            markerRefused[0] = true;
          }
        }));
        continue;
      }
      if (markerApplied[0] && allCaughtUp(leader) && clientsIdle()) {
        return;
      }
    }
    cluster.invariants.fail("no convergence within " + healMs + " ms after healing");
  }

  /** Every member of the leader's configuration (servers removed from it are left where they are). */
  private boolean allCaughtUp(SimNode leader) {
    for (SimNode n : cluster.nodes) {
      if (!leader.raft().configuration().isMember(n.id)) {
        continue;
      }
      if (n.lastApplied() < leader.raft().commitIndex() || n.raft().currentTerm() != leader.raft().currentTerm()) {
        return false;
      }
    }
    return true;
  }

  private boolean clientsIdle() {
    for (SimClient c : clients) {
      if (!c.idle()) {
        return false;
      }
    }
    return pipelined == null || pipelined.idle();
  }

  private void checkSameStateEverywhere() {
    for (SimNode n : cluster.nodes) {
      cluster.replicaStates.compare(n, n.lastApplied());
    }
  }

  /** Every write a client saw acknowledged ran exactly once, at a committed index that holds that very command. */
  private void checkAcknowledgedWritesAppliedOnce() {
    for (SimClient c : clients) {
      checkAppliedOnce("client " + c.process, c.acked());
    }
    if (pipelined != null) {
      checkAppliedOnce("the pipelined client", pipelined.acked());
    }
  }

  private void checkAppliedOnce(String who, List<SimClient.AckedWrite> acked) {
    for (SimClient.AckedWrite w : acked) {
      long index = cluster.exactlyOnce.appliedAt(w.clientId(), w.sequence());
      LogEntry entry = index < 0 ? null : cluster.invariants.committedAt(index);
      if (!(entry instanceof LogEntry.Command cmd) || cmd.clientId() != w.clientId()
          || cmd.sequence() != w.sequence() || !KvCodec.COMMANDS.decode(cmd.data()).equals(w.command())) {
        cluster.invariants.fail(who + " was told " + w.command() + " (session " + w.clientId() + ", sequence "
            + w.sequence() + ") applied, but the committed log has " + entry + " at index " + index);
      }
    }
  }
}
