package org.pekkoraft.multijvm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.testkit.Await;

/**
 * Injects faults into a {@link ProcessCluster} until its time is up, one step after another with a short quiet gap
 * before each: SIGKILL a random node or the leader (restarted on its data directory after 1-3 s); SIGSTOP the
 * leader for 1-3 s, then SIGCONT; cut a random minority, or the leader alone, away from the rest for 1-3 s, then
 * heal. Pauses and partitions are undone within their step; a killed node restarts in the background (a JVM takes
 * seconds to start), so later faults overlap its recovery. At most a minority is ever down (killed or not yet
 * answering since its restart): with that many down, a kill hits a node that is already down instead.
 *
 * <p>All random choices of a step (fault, targets, hold time, gap) are drawn before anything happens, so a seed
 * replays the same schedule; "the leader" is whoever leads at that moment.
 */
final class Nemesis implements Runnable {

  enum Fault { KILL_NODE, KILL_LEADER, PAUSE_LEADER, PARTITION_MINORITY, ISOLATE_LEADER }

  private static final Duration QUICK = Duration.ofMillis(300);

  private final ProcessCluster cluster;
  private final Random random;
  private final long startNanos = System.nanoTime();
  private final long endNanos;
  private final Failovers failovers;
  private final AtomicBoolean abort;
  private final int minority;
  /** Nodes killed, or restarted and not yet answering, with when they were killed. */
  private final Map<String, Long> down = new LinkedHashMap<>();
  private final List<String> log = new ArrayList<>();
  private volatile Throwable failure;

  /** @param abort set by the run when it gives up; the nemesis then stops at its next step */
  Nemesis(ProcessCluster cluster, long seed, Duration duration, Failovers failovers, AtomicBoolean abort) {
    this.cluster = cluster;
    this.random = new Random(seed);
    this.endNanos = startNanos + duration.toNanos();
    this.failovers = failovers;
    this.abort = abort;
    this.minority = (cluster.size() - 1) / 2;
  }

  @Override
  public void run() {
    try {
      while (System.nanoTime() < endNanos && !abort.get()) {
        step();
      }
    } catch (Throwable t) {
      failure = t;
    }
  }

  /** What went wrong on the nemesis thread, if anything. */
  Throwable failure() {
    return failure;
  }

  synchronized List<String> log() {
    return List.copyOf(log);
  }

  private void step() {
    Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
    int gapMs = 200 + random.nextInt(800);
    int holdMs = 1000 + random.nextInt(2000);
    List<String> order = cluster.ids();
    Collections.shuffle(order, random);
    int cut = 1 + random.nextInt(minority);
    hold(gapMs);
    noteAnswering();
    switch (fault) {
      case KILL_NODE:
        kill(killable(order.get(0), order), false, holdMs);
        break;
      case KILL_LEADER:
        String leader = leader();
        String victim = killable(leader != null ? leader : order.get(0), order);
        kill(victim, victim.equals(leader), holdMs);
        break;
      case PAUSE_LEADER:
        String paused = leader();
        pause(up(paused, order), paused != null && !down.containsKey(paused), holdMs);
        break;
      case PARTITION_MINORITY:
        partition(new HashSet<>(order.subList(0, cut)), "", holdMs);
        break;
      default:
        String isolated = leader();
        String alone = up(isolated, order);
        partition(Set.of(alone), alone.equals(isolated) ? "the leader " : "", holdMs);
        break;
    }
  }

  /** Kills {@code node}, and restarts it after {@code holdMs} without waiting for it to come up. */
  private void kill(String node, boolean leader, int holdMs) {
    long at = System.nanoTime();
    if (leader) {
      failovers.leaderKilled(node, at);
    }
    cluster.node(node).kill();
    down.put(node, at);
    hold(holdMs);
    cluster.node(node).start();
    note(at, "kill -9 " + (leader ? "leader " : "") + node + ", restarted after " + holdMs + " ms");
  }

  private void pause(String node, boolean leader, int holdMs) {
    long at = System.nanoTime();
    cluster.node(node).pause();
    try {
      hold(holdMs);
    } finally {
      cluster.node(node).resume();
    }
    note(at, "SIGSTOP " + (leader ? "leader " : "") + node + " for " + holdMs + " ms, then SIGCONT");
  }

  private void partition(Set<String> side, String what, int holdMs) {
    long at = System.nanoTime();
    cluster.partition(side, down.keySet());
    try {
      hold(holdMs);
    } finally {
      cluster.heal(down.keySet());
    }
    note(at, "partition " + what + side + " from " + cluster.others(side.toArray(String[]::new)) + " for " + holdMs
        + " ms, then heal" + (down.isEmpty() ? "" : " (" + down.keySet() + " starting: not cut)"));
  }

  /** {@code wanted}, unless that would put more than a minority down: then a node that is down already. */
  private String killable(String wanted, List<String> order) {
    if (down.containsKey(wanted) || down.size() < minority) {
      return wanted;
    }
    return order.stream().filter(down::containsKey).findFirst().orElse(wanted);
  }

  /** {@code wanted} if it is up; otherwise the first node in {@code order} that is. */
  private String up(String wanted, List<String> order) {
    if (wanted != null && !down.containsKey(wanted)) {
      return wanted;
    }
    return order.stream().filter(id -> !down.containsKey(id)).findFirst().orElseThrow();
  }

  /** The settled leader right now, or null. */
  private String leader() {
    Map<String, NodeStatus> all = cluster.status().of(cluster.ids());
    return cluster.status().settledLeader(all);
  }

  /** Forgets restarted nodes that answer again, noting how long they were gone. */
  private void noteAnswering() {
    for (String node : new ArrayList<>(down.keySet())) {
      if (cluster.node(node).running() && cluster.status().answers(node, QUICK)) {
        long killed = down.remove(node);
        note(System.nanoTime(), node + " answers again, " + (System.nanoTime() - killed) / 1_000_000
            + " ms after it was killed");
      }
    }
  }

  /** Holds a fault (or a quiet gap) for {@code ms}, failing early if a node process stops on its own. */
  private void hold(int ms) {
    Await.during("no node process stops on its own", Duration.ofMillis(ms), () -> {
      cluster.assertNoNodeDiedOnItsOwn();
      return true;
    });
  }

  private synchronized void note(long at, String what) {
    log.add(String.format("+%5.1f s %s", (at - startNanos) / 1e9, what));
  }
}
