package org.pekkoraft.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded runs of the simulated cluster under partitions, message loss, duplication, reordering and
 * crashes, with the safety invariants checked after every event and convergence required after healing.
 *
 * <p>Replay one run with {@code -Dsim.seed=N}; change the number of runs with {@code -Dsim.runs=N}. A failure
 * message always names its seed.
 */
class SimulationTest {

  private static final long BASE_SEED = Long.getLong("sim.baseSeed", 20261123L);
  private static final int RUNS = Integer.getInteger("sim.runs", 300);

  @Test
  void threeNodesUnderAllFaults() {
    runMany(3, SimRun.Faults.all(), RUNS);
  }

  @Test
  void fiveNodesUnderAllFaults() {
    runMany(5, SimRun.Faults.all(), RUNS / 2);
  }

  @Test
  void healthyClusterCommitsEveryWrite() {
    List<SimRun.Stats> stats = runMany(3, SimRun.Faults.none(), 20);
    for (SimRun.Stats s : stats) {
      assertTrue(s.acknowledged() > 100, "seed " + s.seed() + " acknowledged only " + s.acknowledged());
    }
  }

  private static List<SimRun.Stats> runMany(int size, SimRun.Faults faults, int runs) {
    Long only = Long.getLong("sim.seed");
    List<SimRun.Stats> all = new ArrayList<>();
    long events = 0;
    long committed = 0;
    long acknowledged = 0;
    long leaders = 0;
    long crashes = 0;
    int count = only != null ? 1 : runs;
    for (int i = 0; i < count; i++) {
      long seed = only != null ? only : BASE_SEED + i * 7919L + size;
      SimRun.Stats s = new SimRun(seed, size, faults).run(5_000, 20_000);
      all.add(s);
      events += s.events();
      committed += s.committed();
      acknowledged += s.acknowledged();
      leaders += s.leaders();
      crashes += s.crashes();
    }
    System.out.printf("%d runs of %d nodes (%s): %d events, %d committed, %d acknowledged, %d leaders, %d crashes%n",
        count, size, faults, events, committed, acknowledged, leaders, crashes);
    assertTrue(acknowledged > 0 && leaders >= count, "the runs made no progress at all");
    return all;
  }
}
