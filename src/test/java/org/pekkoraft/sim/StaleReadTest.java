package org.pekkoraft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.core.Role;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;
import org.pekkoraft.lincheck.History;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvOutput;

/**
 * "A partitioned old leader never answers a read after a newer leader has committed a write." Scripted in the
 * simulator: a client writes x=old through the leader, the leader is cut off with that client on its side, the
 * majority elects a new leader and a client there writes x=new, then the cut-off client reads x through the old
 * leader, which still holds x=old, so a read answered from its local state would be stale. The read must not be
 * answered until the partition heals, and then with x=new.
 *
 * <p>With check-quorum on, the old leader steps down on its own. With check-quorum (and pre-vote) off it still
 * believes it leads, and only ReadIndex stands between it and a stale answer: the read waits for a heartbeat round
 * that a majority answers, which a cut-off leader never gets. A lease read is refused outright without
 * check-quorum. Each scenario runs under several seeds; every history is checked for linearizability too.
 */
class StaleReadTest {

  private static final int SEEDS = System.getProperty("sim.seed") != null ? 1 : 10;
  private static final long BASE_SEED = Long.getLong("sim.seed", 7001L);
  private static final SimClient.Settings PATIENT = new SimClient.Settings(100, 20_000, 0, 0);

  @Test
  void withCheckQuorumTheOldLeaderStepsDownAndNeverAnswersStale() {
    for (long seed = BASE_SEED; seed < BASE_SEED + SEEDS; seed++) {
      Scenario s = new Scenario(seed, RaftOptions.defaults());
      s.isolateOldLeaderAndWriteElsewhere();
      s.readThroughOldLeaderWhilePartitioned();
      assertNotEquals(Role.LEADER, s.old.raft().role(), s.where("check-quorum must have deposed the cut-off leader"));
      s.healAndExpectTheNewValue();
    }
  }

  @Test
  void withoutCheckQuorumReadIndexAloneKeepsTheDeposedLeaderFromAnswering() {
    for (long seed = BASE_SEED; seed < BASE_SEED + SEEDS; seed++) {
      Scenario s = new Scenario(seed, RaftOptions.defaults().withCheckQuorum(false).withPreVote(false));
      long oldTerm = s.isolateOldLeaderAndWriteElsewhere();
      s.readThroughOldLeaderWhilePartitioned();
      assertEquals(Role.LEADER, s.old.raft().role(), s.where("without check-quorum the cut-off leader keeps leading"));
      assertEquals(oldTerm, s.old.raft().currentTerm(), s.where("and stays in its old term"));
      assertEquals(-1, s.old.raft().leaseRound(), s.where("a lease read needs check-quorum"));
      s.healAndExpectTheNewValue();
    }
  }

  /** One run of the script on its own cluster. */
  private static final class Scenario {
    final long seed;
    final SimCluster cluster;
    final History<KvInput, KvOutput> history;
    final SimNode old;
    final SimClient near;
    final SimClient far;

    Scenario(long seed, RaftOptions options) {
      this.seed = seed;
      cluster = new SimCluster(seed, 5, options);
      history = new History<>(cluster::stamp);
      runUntil(() -> cluster.leader() != null, 5_000, "a first leader");
      old = cluster.leader();
      SimNode elsewhere = cluster.nodes.get((cluster.nodes.indexOf(old) + 1) % cluster.nodes.size());
      near = new SimClient(0, old.id, cluster, history, PATIENT, null);
      far = new SimClient(1, elsewhere.id, cluster, history, PATIENT, null);
      near.start();
      far.start();
      runUntil(() -> near.registered() && far.registered() && near.idle() && far.idle(), 5_000, "sessions");
      complete(near, new KvCommand.Put("x", "old"));
    }

    /** Cuts the leader off with {@code near}, and has {@code far} write x=new through a newer leader. */
    long isolateOldLeaderAndWriteElsewhere() {
      long oldTerm = old.raft().currentTerm();
      cluster.partition(Set.of(old.id));
      complete(far, new KvCommand.Put("x", "new"));
      SimNode newer = cluster.leader();
      assertTrue(newer != old && newer.raft().currentTerm() > oldTerm, where("a newer leader committed x=new"));
      assertEquals("old", localValue(old, "x"), where("the old leader's own state is stale: a local read would "
          + "answer x=old"));
      return oldTerm;
    }

    /** {@code near}, still believing in the old leader, reads x through it for three seconds of partition. */
    void readThroughOldLeaderWhilePartitioned() {
      near.assumeLeader(old.id);
      near.submit(new KvCommand.Get("x"));
      cluster.run(3_000);
      assertFalse(near.idle() && near.last().status() == SimClient.Status.OK,
          where("the read was answered while cut off from the majority: " + near.last()));
    }

    void healAndExpectTheNewValue() {
      cluster.heal();
      runUntil(near::idle, 10_000, "the read to complete after healing");
      assertEquals(new SimClient.Result(new KvCommand.Get("x"), SimClient.Status.OK, new KvOutput.Value("new")),
          near.last(), where("after healing, the read sees the newer leader's write"));
      HistoryCheck.verify(seed, history.operations());
      System.out.println("seed " + seed + ": no stale read; " + history.operations().size()
          + " operations linearizable");
    }

    private void complete(SimClient client, KvCommand command) {
      client.submit(command);
      runUntil(client::idle, 10_000, command.toString());
      assertEquals(SimClient.Status.OK, client.last().status(), where(command + " did not complete"));
    }

    private void runUntil(BooleanSupplier done, long limitMs, String what) {
      long deadline = cluster.now() + limitMs;
      while (!done.getAsBoolean()) {
        if (cluster.now() >= deadline) {
          throw new AssertionError(where("no " + what + " within " + limitMs + " ms"));
        }
        cluster.run(5);
      }
    }

    private static String localValue(SimNode node, String key) {
      byte[] answer = node.state().query(KvCodec.COMMANDS.encode(new KvCommand.Get(key)));
      return ((KvResult.Value) KvCodec.RESULTS.decode(answer)).value().map(Bytes::toUtf8).orElse(null);
    }

    String where(String what) {
      return "seed " + seed + ": " + what + "\n" + cluster;
    }
  }
}
