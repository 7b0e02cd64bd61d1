package org.pekkoraft.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;
import org.pekkoraft.kv.KvStateMachine;

/** Exactly-once sessions and their deterministic expiry, over the KV state machine. */
class ReplicatedStateTest {

  private static final long HOUR = 3_600_000;

  private long index;

  private ReplicatedState<KvCommand, KvResult> state(int maxSessions) {
    return new ReplicatedState<>(new KvStateMachine(), maxSessions, HOUR);
  }

  private long register(ReplicatedState<?, ?> s, long time) {
    ApplyResult r = s.apply(new LogEntry.RegisterClient(++index, 1, time));
    return ((ApplyResult.Registered) r).clientId();
  }

  private ApplyResult command(ReplicatedState<?, ?> s, long client, long seq, long firstUnacked, long time,
      KvCommand c) {
    return s.apply(new LogEntry.Command(++index, 1, client, seq, firstUnacked, time, KvCodec.COMMANDS.encode(c)));
  }

  private static KvResult result(ApplyResult r) {
    return KvCodec.RESULTS.decode(((ApplyResult.Success) r).result());
  }

  @Test
  void aRetriedCommandAppliesOnceAndReturnsTheFirstResult() {
    ReplicatedState<KvCommand, KvResult> s = state(10);
    long client = register(s, 0);
    command(s, client, 1, 1, 0, new KvCommand.Put("k", "a"));
    ApplyResult first = command(s, client, 2, 1, 0, new KvCommand.Cas("k", "a", "b"));
    ApplyResult retry = command(s, client, 2, 1, 0, new KvCommand.Cas("k", "a", "b"));
    assertEquals(new KvResult.CasResult(true, Optional.of(Bytes.utf8("a"))), result(first));
    assertEquals(result(first), result(retry), "the retry gets the first answer, not a failed cas");
    assertEquals(new KvResult.Value(Optional.of(Bytes.utf8("b"))), s.machine().query(new KvCommand.Get("k")));
  }

  @Test
  void aRetryOlderThanTheCachedResultsIsRefusedAsUnknownNeverAppliedAgain() {
    ReplicatedState<KvCommand, KvResult> s = state(10);
    long client = register(s, 0);
    // 1100 submits in flight at once, none acknowledged; the answer to the first is lost.
    command(s, client, 1, 1, 0, new KvCommand.Put("k", "a"));
    for (long seq = 2; seq < 1100; seq++) {
      command(s, client, seq, 1, 0, new KvCommand.Put("other" + seq, "x"));
    }
    command(s, client, 1100, 1, 0, new KvCommand.Put("k", "b"));
    ApplyResult retry = command(s, client, 1, 1, 0, new KvCommand.Put("k", "a"));
    assertEquals(new KvResult.Value(Optional.of(Bytes.utf8("b"))), s.machine().query(new KvCommand.Get("k")),
        "the retry of put k=a applied again over the acknowledged put k=b");
    ApplyResult.Failure failure = assertInstanceOf(ApplyResult.Failure.class, retry);
    assertEquals(ApplyResult.Reason.RESULT_FORGOTTEN, failure.reason(), failure.message());
  }

  @Test
  void commandsWithoutASessionApplyEveryTime() {
    ReplicatedState<KvCommand, KvResult> s = state(10);
    command(s, 0, 0, 0, 0, new KvCommand.Put("k", "a"));
    ApplyResult second = command(s, 0, 0, 0, 0, new KvCommand.Cas("k", "a", "b"));
    ApplyResult third = command(s, 0, 0, 0, 0, new KvCommand.Cas("k", "a", "b"));
    assertEquals(true, ((KvResult.CasResult) result(second)).applied());
    assertEquals(false, ((KvResult.CasResult) result(third)).applied());
  }

  @Test
  void anUnknownOrExpiredSessionIsRefused() {
    ReplicatedState<KvCommand, KvResult> s = state(10);
    ApplyResult r = command(s, 999, 1, 1, 0, new KvCommand.Put("k", "v"));
    assertEquals(ApplyResult.Reason.SESSION_EXPIRED, ((ApplyResult.Failure) r).reason());
    assertEquals(new KvResult.Value(Optional.empty()), s.machine().query(new KvCommand.Get("k")));
  }

  @Test
  void idleSessionsExpireByLogTimeNotByLocalClocks() {
    ReplicatedState<KvCommand, KvResult> s = state(10);
    long idle = register(s, 1_000);
    long busy = register(s, 1_000);
    command(s, busy, 1, 1, 1_000 + HOUR, new KvCommand.Put("k", "v"));
    command(s, busy, 2, 2, 1_000 + HOUR + 1, new KvCommand.Put("k", "w"));
    ApplyResult late = command(s, idle, 1, 1, 1_000 + HOUR + 2, new KvCommand.Put("k", "x"));
    assertInstanceOf(ApplyResult.Failure.class, late, "an hour of log time passed without the idle session");
    assertInstanceOf(ApplyResult.Success.class, command(s, busy, 3, 3, 1_000 + HOUR + 3, new KvCommand.Get("k")));
  }

  @Test
  void beyondMaxSessionsTheLeastRecentlyUsedGoes() {
    ReplicatedState<KvCommand, KvResult> s = state(2);
    long a = register(s, 0);
    long b = register(s, 0);
    command(s, a, 1, 1, 0, new KvCommand.Put("k", "1"));
    register(s, 0);
    assertInstanceOf(ApplyResult.Failure.class, command(s, b, 1, 1, 0, new KvCommand.Put("k", "2")));
    assertInstanceOf(ApplyResult.Success.class, command(s, a, 2, 2, 0, new KvCommand.Put("k", "3")));
  }

  @Test
  void acknowledgedResultsAreForgotten() {
    ReplicatedState<KvCommand, KvResult> s = state(10);
    long client = register(s, 0);
    command(s, client, 1, 1, 0, new KvCommand.Put("k", "1"));
    command(s, client, 2, 2, 0, new KvCommand.Put("k", "2"));
    ApplyResult stale = command(s, client, 1, 2, 0, new KvCommand.Put("k", "1"));
    assertEquals(ApplyResult.Reason.REJECTED, ((ApplyResult.Failure) stale).reason());
    assertEquals(new KvResult.Value(Optional.of(Bytes.utf8("2"))), s.machine().query(new KvCommand.Get("k")));
  }

  @Test
  void snapshotsCarrySessionsAndStateAndAreDeterministic() {
    ReplicatedState<KvCommand, KvResult> a = state(10);
    ReplicatedState<KvCommand, KvResult> b = state(10);
    for (ReplicatedState<KvCommand, KvResult> s : java.util.List.of(a, b)) {
      index = 0;
      long client = register(s, 5);
      command(s, client, 1, 1, 6, new KvCommand.Put("x", "1"));
      command(s, client, 2, 1, 7, new KvCommand.Put("y", "2"));
    }
    assertArrayEquals(a.snapshot(), b.snapshot(), "equal histories must give equal snapshots");

    ReplicatedState<KvCommand, KvResult> restored = state(10);
    restored.restore(a.snapshot());
    assertArrayEquals(a.snapshot(), restored.snapshot());
    index = 10;
    ApplyResult retry = command(restored, 1, 2, 1, 8, new KvCommand.Put("y", "2"));
    assertEquals(new KvResult.Done(), result(retry), "the restored session still deduplicates");
    assertEquals(1, restored.sessionCount());
  }

  @Test
  void malformedCommandsAreRejectedIdenticallyEverywhere() {
    ReplicatedState<KvCommand, KvResult> s = state(10);
    assertThrows(IllegalArgumentException.class, () -> s.validate(new byte[] {'Z'}));
    ApplyResult r = s.apply(new LogEntry.Command(1, 1, 0, 0, 0, 0, new byte[] {'P', 0}));
    assertEquals(ApplyResult.Reason.REJECTED, ((ApplyResult.Failure) r).reason());
  }

  /**
   * A snapshot from before the KV codec and KV snapshots had versions (format 2, session 1 with results for
   * sequences 1 and 2 cached as old-format "done", state a = 1, b = 22): it restores, and a retry still gets the
   * cached answer.
   */
  @Test
  void aSnapshotWrittenBeforeTheKvVersionsStillRestores() {
    ReplicatedState<KvCommand, KvResult> s = state(10);
    s.restore(java.util.HexFormat.of().parseHex("0000000200000000000003ea0000000100000000000000010000000000000"
        + "3ea00000000000000010000000000000000000000020000000000000001000000014b0000000000000002000000014b00000019"
        + "00000002000000016100000001310000000162000000023232"));
    assertEquals(1, s.sessionCount());
    assertEquals(new KvResult.Value(Optional.of(Bytes.utf8("22"))), s.machine().query(new KvCommand.Get("b")));
    index = 10;
    assertEquals(new KvResult.Done(), result(command(s, 1, 2, 1, 1003, new KvCommand.Put("b", "other"))));
    assertEquals(new KvResult.Value(Optional.of(Bytes.utf8("22"))), s.machine().query(new KvCommand.Get("b")));
  }

  @Test
  void aCorruptSnapshotIsRefusedAndLeavesSessionsAndStateAsTheyWere() {
    ReplicatedState<KvCommand, KvResult> source = state(10);
    long client = register(source, 5);
    command(source, client, 1, 1, 6, new KvCommand.Put("x", "1"));
    byte[] good = source.snapshot();
    ReplicatedState<KvCommand, KvResult> target = state(10);
    register(target, 1);
    register(target, 2);
    command(target, 0, 0, 0, 3, new KvCommand.Put("kept", "yes"));
    byte[] hugeSessionCount = good.clone();
    java.nio.ByteBuffer.wrap(hugeSessionCount).putInt(12, Integer.MAX_VALUE);
    byte[] corruptState = good.clone();
    corruptState[corruptState.length - 1 - 4 - 1 - 4 - 1] = 0x7f;
    for (byte[] bad : java.util.List.of(java.util.Arrays.copyOf(good, good.length - 1), hugeSessionCount,
        corruptState, java.util.Arrays.copyOf(good, good.length + 1))) {
      assertThrows(IllegalArgumentException.class, () -> target.restore(bad));
      assertEquals(2, target.sessionCount());
      assertEquals(new KvResult.Value(Optional.of(Bytes.utf8("yes"))),
          target.machine().query(new KvCommand.Get("kept")));
    }
  }
}
