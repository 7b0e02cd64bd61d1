package org.pekkoraft.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {

  @Test
  void putGetDeleteCas() {
    KvStateMachine kv = new KvStateMachine();
    assertEquals(new KvResult.Value(Optional.empty()), kv.apply(1, new KvCommand.Get("a")));
    assertEquals(new KvResult.Done(), kv.apply(2, new KvCommand.Put("a", "1")));
    assertEquals(new KvResult.CasResult(false, Optional.of("1")), kv.apply(3, new KvCommand.Cas("a", "0", "2")));
    assertEquals(new KvResult.CasResult(true, Optional.of("1")), kv.apply(4, new KvCommand.Cas("a", "1", "2")));
    assertEquals(new KvResult.CasResult(true, Optional.empty()), kv.apply(5, new KvCommand.Cas("b", null, "x")));
    assertEquals(new KvResult.CasResult(false, Optional.of("x")), kv.apply(6, new KvCommand.Cas("b", null, "y")));
    assertEquals(new KvResult.Deleted(true), kv.apply(7, new KvCommand.Delete("a")));
    assertEquals(new KvResult.Deleted(false), kv.apply(8, new KvCommand.Delete("a")));
    assertEquals(new KvResult.Value(Optional.of("x")), kv.query(new KvCommand.Get("b")));
  }

  @Test
  void queriesMustBeReadOnly() {
    assertThrows(IllegalArgumentException.class, () -> new KvStateMachine().query(new KvCommand.Put("a", "b")));
  }

  @Test
  void snapshotRestoresExactly() {
    KvStateMachine kv = new KvStateMachine();
    kv.apply(1, new KvCommand.Put("é", "ünïcode ✓"));
    kv.apply(2, new KvCommand.Put("", "empty key"));
    KvStateMachine copy = new KvStateMachine();
    copy.restore(kv.snapshot());
    assertArrayEquals(kv.snapshot(), copy.snapshot());
    assertEquals(new KvResult.Value(Optional.of("ünïcode ✓")), copy.query(new KvCommand.Get("é")));
  }

  @Test
  void equalStatesReachedInAnyOrderSnapshotToEqualBytes() {
    KvStateMachine forward = new KvStateMachine();
    KvStateMachine backward = new KvStateMachine();
    for (int i = 0; i < 1000; i++) {
      forward.apply(i + 1, new KvCommand.Put("key-" + i, "v" + i));
      backward.apply(i + 1, new KvCommand.Put("key-" + (999 - i), "v" + (999 - i)));
    }
    backward.apply(1001, new KvCommand.Put("gone", "x"));
    backward.apply(1002, new KvCommand.Delete("gone"));
    assertArrayEquals(forward.snapshot(), backward.snapshot());
  }

  @Test
  void codecRoundTripsEveryCommandAndResult() {
    List<KvCommand> commands = List.of(new KvCommand.Put("k", "v"), new KvCommand.Get("k"),
        new KvCommand.Delete("k"), new KvCommand.Cas("k", null, "n"), new KvCommand.Cas("k", "e", "n"));
    for (KvCommand c : commands) {
      assertEquals(c, KvCodec.COMMANDS.decode(KvCodec.COMMANDS.encode(c)));
    }
    List<KvResult> results = List.of(new KvResult.Done(), new KvResult.Value(Optional.empty()),
        new KvResult.Value(Optional.of("v")), new KvResult.Deleted(true), new KvResult.Deleted(false),
        new KvResult.CasResult(true, Optional.empty()), new KvResult.CasResult(false, Optional.of("c")));
    for (KvResult r : results) {
      assertEquals(r, KvCodec.RESULTS.decode(KvCodec.RESULTS.encode(r)));
    }
  }

  @Test
  void codecRejectsMalformedInputWithAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KvCodec.COMMANDS.decode(new byte[] {'P', 0, 0, 0, 9, 'a'}));
    assertEquals("truncated KV message", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> KvCodec.COMMANDS.decode(new byte[0]));
    byte[] trailing = java.util.Arrays.copyOf(KvCodec.COMMANDS.encode(new KvCommand.Get("k")), 7);
    assertThrows(IllegalArgumentException.class, () -> KvCodec.COMMANDS.decode(trailing));
  }
}
