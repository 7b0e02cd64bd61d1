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
    byte[] get = KvCodec.COMMANDS.encode(new KvCommand.Get("k"));
    byte[] trailing = java.util.Arrays.copyOf(get, get.length + 1);
    assertThrows(IllegalArgumentException.class, () -> KvCodec.COMMANDS.decode(trailing));
  }

  /** Bytes KvCodec wrote before its version byte existed: the log holds such commands, sessions such results. */
  @Test
  void commandsAndResultsWrittenBeforeTheVersionByteDecodeTheSame() {
    assertEquals(new KvCommand.Put("k", "v"), KvCodec.COMMANDS.decode(hex("50000000016b0000000176")));
    assertEquals(new KvCommand.Get("k"), KvCodec.COMMANDS.decode(hex("47000000016b")));
    assertEquals(new KvCommand.Delete("k"), KvCodec.COMMANDS.decode(hex("44000000016b")));
    assertEquals(new KvCommand.Cas("k", null, "n"), KvCodec.COMMANDS.decode(hex("43000000016b00000000016e")));
    assertEquals(new KvCommand.Cas("k", "o", "n"),
        KvCodec.COMMANDS.decode(hex("43000000016b01000000016f000000016e")));
    assertEquals(new KvResult.Done(), KvCodec.RESULTS.decode(hex("4b")));
    assertEquals(new KvResult.Value(Optional.of("v")), KvCodec.RESULTS.decode(hex("56010000000176")));
    assertEquals(new KvResult.Value(Optional.empty()), KvCodec.RESULTS.decode(hex("5600")));
    assertEquals(new KvResult.Deleted(true), KvCodec.RESULTS.decode(hex("58")));
    assertEquals(new KvResult.Deleted(false), KvCodec.RESULTS.decode(hex("78")));
    assertEquals(new KvResult.CasResult(true, Optional.of("o")), KvCodec.RESULTS.decode(hex("5301000000016f")));
    assertEquals(new KvResult.CasResult(false, Optional.empty()), KvCodec.RESULTS.decode(hex("7300")));
  }

  @Test
  void encodingsStartWithTheFormatVersionAndAnUnknownOneIsRefused() {
    byte[] put = KvCodec.COMMANDS.encode(new KvCommand.Put("k", "v"));
    assertEquals(KvCodec.FORMAT_VERSION, put[0]);
    assertEquals('P', put[1]);
    put[0] = 2;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KvCodec.COMMANDS.decode(put));
    assertEquals("KV format version 2: this node reads version 1 only", e.getMessage());
    assertEquals(KvCodec.FORMAT_VERSION, KvCodec.RESULTS.encode(new KvResult.Done())[0]);
  }

  /** A snapshot from before the version: the count first (a = 1, b = 22). */
  @Test
  void aSnapshotWrittenBeforeTheVersionStillRestores() {
    KvStateMachine kv = new KvStateMachine();
    kv.restore(hex("00000002000000016100000001310000000162000000023232"));
    assertEquals(2, kv.size());
    assertEquals(new KvResult.Value(Optional.of("22")), kv.query(new KvCommand.Get("b")));
    byte[] current = kv.snapshot();
    assertEquals(KvStateMachine.VERSIONED, current[0]);
    assertEquals(KvStateMachine.SNAPSHOT_VERSION, current[1]);
  }

  @Test
  void aCorruptSnapshotIsRefusedAndLeavesTheStateAsItWas() {
    KvStateMachine kv = new KvStateMachine();
    kv.apply(1, new KvCommand.Put("a", "1"));
    byte[] good = kv.snapshot();
    byte[] futureVersion = good.clone();
    futureVersion[1] = 2;
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
    byte[] hugeCount = good.clone();
    java.nio.ByteBuffer.wrap(hugeCount).putInt(2, Integer.MAX_VALUE);
    KvStateMachine target = new KvStateMachine();
    target.apply(1, new KvCommand.Put("kept", "yes"));
    for (byte[] bad : List.of(futureVersion, truncated, hugeCount, new byte[] {1, 2, 3})) {
      assertThrows(IllegalArgumentException.class, () -> target.restore(bad));
      assertEquals(new KvResult.Value(Optional.of("yes")), target.query(new KvCommand.Get("kept")));
    }
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}
