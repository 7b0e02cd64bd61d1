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
 * runs with {@code -Dsim.runs=N} (the five-node test runs half as many). A failure message always names its seed.
 */
class SimulationTest {

  private static final long BASE_SEED = Long.getLong("sim.baseSeed", 20261123L);
  private static final int RUNS = Integer.getInteger("sim.runs", 300);

  @Test
  void threeNodesUnderAllFaults(TestInfo test) {
    runMany(test, 3, Nemesis.Faults.all(), RUNS);
  }

  @Test
  void fiveNodesUnderAllFaults(TestInfo test) {
    runMany(test, 5, Nemesis.Faults.all(), RUNS / 2);
  }

  @Test
  void healthyClusterAnswersEveryOperation(TestInfo test) {
    for (SimRun.Stats s : runMany(test, 3, Nemesis.Faults.none(), 20)) {
      assertTrue(s.ok() > 100, "seed " + s.seed() + " completed only " + s.ok() + " operations");
      assertEquals(0, s.info(), "seed " + s.seed() + " left operations unanswered in a healthy cluster");
    }
  }

  private static List<SimRun.Stats> runMany(TestInfo test, int size, Nemesis.Faults faults, int runs) {
    Long only = Long.getLong("sim.seed");
    int count = only != null ? 1 : runs;
    List<SimRun.Stats> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long seed = only != null ? only : BASE_SEED + i * 7919L + size;
      try {
        all.add(new SimRun(seed, size, faults).run(5_000, 20_000));
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
      coverage.add(s.coverage());
    }
    System.out.printf("%d runs of %d nodes (%s), seeds from %d: %d events, %d committed, %d leaders, %d crashes, "
            + "%d replica states compared; %d operations checked linearizable in %d ms: %d ok, %d info, %d fail; %s%n",
        all.size(), size, faults, all.get(0).seed(), events, committed, leaders, crashes, states, ops,
        checkNanos / 1_000_000, ok, info, fail, coverage);
    assertTrue(ok > 0 && leaders >= all.size(), "the runs made no progress at all");
  }
}
