package org.pekkoraft.statemachine;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.testkit.FuzzCampaign;

/**
 * Thousands of seeded malformed replicated-state snapshots (sessions with cached results, then the KV state), as
 * a corrupt disk or a faulty leader would hand them to {@link ReplicatedState#restore}: only
 * IllegalArgumentException may escape, and no case may allocate more than {@link FuzzCampaign}'s limit. Valid
 * snapshots come from real runs, one of them in the format from before the KV snapshot version.
 *
 * <p>Prints its seed; {@code -Dfuzz.seed=N} replays, {@code -Dfuzz.cases=N} scales.
 */
class SnapshotFuzzTest {

  private static final long HOUR = 3_600_000;
  /** Format 2, one session with two cached results, a = 1 and b = 22 in the unversioned KV layout. */
  private static final String BEFORE_KV_VERSION = "0000000200000000000003ea000000010000000000000001000000000000"
      + "03ea00000000000000010000000000000000000000020000000000000001000000014b0000000000000002000000014b0000001900"
      + "000002000000016100000001310000000162000000023232";

  @Test
  void replicatedStateRestore() {
    long seed = FuzzCampaign.seed(SnapshotFuzzTest.class);
    List<byte[]> snapshots = List.of(snapshotOf(0), snapshotOf(1), snapshotOf(3),
        HexFormat.of().parseHex(BEFORE_KV_VERSION));
    FuzzCampaign.run(seed, "ReplicatedState.restore", FuzzCampaign.samples(snapshots, bytes -> {
      new ReplicatedState<>(new KvStateMachine(), 10, HOUR).restore(bytes);
      return null;
    }), IllegalArgumentException.class, FuzzCampaign.cases(3000));
  }

  /** A snapshot after {@code sessions} sessions each wrote and got results cached. */
  private static byte[] snapshotOf(int sessions) {
    ReplicatedState<KvCommand, KvResult> state = new ReplicatedState<>(new KvStateMachine(), 10, HOUR);
    long index = 0;
    state.apply(new LogEntry.Command(++index, 1, 0, 0, 0, 0, KvCodec.COMMANDS.encode(new KvCommand.Put("k", "v"))));
    for (int s = 0; s < sessions; s++) {
      long client = ++index;
      state.apply(new LogEntry.RegisterClient(client, 1, 1000 + index));
      for (long seq = 1; seq <= 3; seq++) {
        state.apply(new LogEntry.Command(++index, 1, client, seq, 1, 1000 + index,
            KvCodec.COMMANDS.encode(new KvCommand.Cas("key" + s, seq == 1 ? null : "v" + (seq - 1), "v" + seq))));
      }
    }
    return state.snapshot();
  }
}
