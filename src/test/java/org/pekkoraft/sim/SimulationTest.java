package org.pekkoraft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Thousands of seeded runs of the simulated cluster with KV clients, under partitions (random halves, bridge,
 * isolated leader), message loss, duplication, reordering, crashes and restarts and slow disks. The Raft invariants
 * are checked after every event, replica states as they apply, and after healing every run must converge, apply
 * each acknowledged write exactly once, and leave a linearizable client history.
 *
 * <p>Replay one run with {@code -Dsim.seed=N} (with {@code -Dtest=SimulationTest#method}); change the number of
 * runs with {@code -Dsim.runs=N} (the five-node test runs half as many). A failure message always names its seed and
 * a failing history is left in target/sim-histories. The defaults (3000 + 1500 runs) take about 20 s here.
 */
class SimulationTest {

  private static final long BASE_SEED = Long.getLong("sim.baseSeed", 20261123L);
  private static final int RUNS = Integer.getInteger("sim.runs", 3000);

  @Test
  void threeNodesUnderAllFaults(TestInfo test) {
    run(test, 3, Nemesis.Faults.all(), seeds(3, RUNS));
  }

  @Test
  void fiveNodesUnderAllFaults(TestInfo test) {
    run(test, 5, Nemesis.Faults.all(), seeds(5, RUNS / 2));
  }

  @Test
  void healthyClusterAnswersEveryOperation(TestInfo test) {
    for (SimRun.Stats s : run(test, 3, Nemesis.Faults.none(), seeds(3, 20), false)) {
      assertTrue(s.ok() > 100, "seed " + s.seed() + " completed only " + s.ok() + " operations");
      assertEquals(0, s.info(), "seed " + s.seed() + " left operations unanswered in a healthy cluster");
    }
  }

  /**
   * Seeds that found real bugs, kept because each is rare: 138016656 (3 nodes) was the only one of the first 20,000
   * to reach a stale read through a re-elected leader that took a stale-term rejection for an answer to its own
   * heartbeat round (fixed in Raft.rejectStale). A seed replays the same run only while the simulator makes the same
   * random draws, so a change to the simulator may turn these into ordinary seeds. 36510914 (3 nodes, with extras)
   * answered a lease read at a leader cut off right after it sent TimeoutNow, whose target had won and committed
   * meanwhile (fixed in Leader.leaseRound). Both replay without quiescence, as they were found.
   */
  @Test
  void seedsThatFoundBugs(TestInfo test) {
    run(test, 3, Nemesis.Faults.all(), List.of(138016656L), false, false);
    run(test, 3, Nemesis.Faults.all(), List.of(36510914L), true, false);
  }

  /** {@code runs} seeds for {@code size} nodes, or only the one given with -Dsim.seed. */
  private static List<Long> seeds(int size, int runs) {
    Long only = Long.getLong("sim.seed");
    if (only != null) {
      return List.of(only);
    }
    List<Long> seeds = new ArrayList<>(runs);
    for (int i = 0; i < runs; i++) {
      seeds.add(BASE_SEED + i * 7919L + size);
    }
    return seeds;
  }

  private static List<SimRun.Stats> run(TestInfo test, int size, Nemesis.Faults faults, List<Long> seeds) {
    return run(test, size, faults, seeds, true);
  }

  private static List<SimRun.Stats> run(TestInfo test, int size, Nemesis.Faults faults, List<Long> seeds,
      boolean extras) {
    return run(test, size, faults, seeds, extras, true);
  }

  private static List<SimRun.Stats> run(TestInfo test, int size, Nemesis.Faults faults, List<Long> seeds,
      boolean extras, boolean quiesce) {
    List<SimRun.Stats> all = new ArrayList<>();
    for (long seed : seeds) {
      try {
        all.add(new SimRun(seed, size, faults, extras, quiesce).run(5_000, 20_000));
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError(size + "-node run with seed " + seed + " failed; replay with -Dtest=SimulationTest#"
            + test.getTestMethod().orElseThrow().getName() + " -Dsim.seed=" + seed + "\n" + e.getMessage(), e);
      }
    }
    report(size, faults, all);
    return all;
  }

  private static void report(int size, Nemesis.Faults faults, List<SimRun.Stats> all) {
    long events = 0;
    long committed = 0;
    long ops = 0;
    long ok = 0;
    long info = 0;
    long fail = 0;
    long leaders = 0;
    long crashes = 0;
    long states = 0;
    long checkNanos = 0;
    long slowestHealthyCommit = 0;
    Coverage coverage = new Coverage();
    for (SimRun.Stats s : all) {
      events += s.events();
      committed += s.committed();
      ops += s.ops();
      ok += s.ok();
      info += s.info();
      fail += s.fail();
      leaders += s.leaders();
      crashes += s.crashes();
      states += s.statesCompared();
      checkNanos += s.checkNanos();
      slowestHealthyCommit = Math.max(slowestHealthyCommit, s.slowestHealthyCommitMs());
      coverage.add(s.coverage());
    }
    System.out.printf("%d runs of %d nodes (%s), seeds from %d: %d events, %d committed, %d leaders, %d crashes, "
            + "%d replica states compared; %d operations checked linearizable in %d ms: %d ok, %d info, %d fail; "
            + "healthy stretches: no election, slowest commit %d ms; %s%n",
        all.size(), size, faults, all.get(0).seed(), events, committed, leaders, crashes, states, ops,
        checkNanos / 1_000_000, ok, info, fail, slowestHealthyCommit, coverage);
    assertTrue(ok > 0 && leaders >= all.size(), "the runs made no progress at all");
  }
}
