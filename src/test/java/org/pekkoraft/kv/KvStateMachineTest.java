package org.pekkoraft.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.kv.KvLegacyFrames.hex;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.statemachine.ApplyResult;
import org.pekkoraft.statemachine.ReplicatedState;

class KvStateMachineTest {

  private static final Bytes BINARY = Bytes.copyOf(new byte[] {(byte) 0x80, 'b', 'i', 'n'});

  @Test
  void putGetDeleteCas() {
    KvStateMachine kv = new KvStateMachine();
    assertEquals(value(null), kv.apply(1, new KvCommand.Get("a")));
    assertEquals(new KvResult.Done(), kv.apply(2, new KvCommand.Put("a", "1")));
    assertEquals(new KvResult.CasResult(false, text("1")), kv.apply(3, new KvCommand.Cas("a", "0", "2")));
    assertEquals(new KvResult.CasResult(true, text("1")), kv.apply(4, new KvCommand.Cas("a", "1", "2")));
    assertEquals(new KvResult.CasResult(true, Optional.empty()), kv.apply(5, new KvCommand.Cas("b", null, "x")));
    assertEquals(new KvResult.CasResult(false, text("x")), kv.apply(6, new KvCommand.Cas("b", null, "y")));
    assertEquals(new KvResult.Deleted(true), kv.apply(7, new KvCommand.Delete("a")));
    assertEquals(new KvResult.Deleted(false), kv.apply(8, new KvCommand.Delete("a")));
    assertEquals(value("x"), kv.query(new KvCommand.Get("b")));
  }

  @Test
  void queriesMustBeReadOnly() {
    assertThrows(IllegalArgumentException.class, () -> new KvStateMachine().query(new KvCommand.Put("a", "b")));
    assertThrows(IllegalArgumentException.class, () -> new KvStateMachine().query(txn(List.of(), List.of())));
  }

  /** As text, 0x80 and 0x81 both decoded to U+FFFD: the same key. As bytes they are two keys. */
  @Test
  void binaryKeysAndValuesAreKeptExactly() {
    KvStateMachine kv = new KvStateMachine();
    Bytes k80 = Bytes.copyOf(new byte[] {(byte) 0x80});
    Bytes k81 = Bytes.copyOf(new byte[] {(byte) 0x81});
    kv.apply(1, new KvCommand.Put(k80, BINARY));
    kv.apply(2, new KvCommand.Put(k81, Bytes.utf8("other")));
    assertEquals(new KvResult.Value(Optional.of(BINARY)), kv.query(new KvCommand.Get(k80)));
    assertEquals(value("other"), kv.query(new KvCommand.Get(k81)));
    KvStateMachine copy = new KvStateMachine();
    copy.restore(kv.snapshot());
    assertEquals(new KvResult.Value(Optional.of(BINARY)), copy.query(new KvCommand.Get(k80)));
    KvCommand put = KvCodec.COMMANDS.decode(KvCodec.COMMANDS.encode(new KvCommand.Put(k80, BINARY)));
    assertArrayEquals(new byte[] {(byte) 0x80, 'b', 'i', 'n'}, ((KvCommand.Put) put).value().toByteArray());
  }

  @Test
  void snapshotRestoresExactly() {
    KvStateMachine kv = new KvStateMachine();
    kv.apply(1, new KvCommand.Put("é", "ünïcode ✓"));
    kv.apply(2, new KvCommand.Put(BINARY, Bytes.EMPTY));
    KvStateMachine copy = new KvStateMachine();
    copy.restore(kv.snapshot());
    assertArrayEquals(kv.snapshot(), copy.snapshot());
    assertEquals(value("ünïcode ✓"), copy.query(new KvCommand.Get("é")));
    assertEquals(new KvResult.Value(Optional.of(Bytes.EMPTY)), copy.query(new KvCommand.Get(BINARY)));
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
    List<KvCommand> commands = List.of(new KvCommand.Put("k", "v"), new KvCommand.Put(BINARY, BINARY),
        new KvCommand.Get("k"), new KvCommand.Delete("k"), new KvCommand.Cas("k", null, "n"),
        new KvCommand.Cas(BINARY, BINARY, Bytes.EMPTY), new KvCommand.Range(Bytes.EMPTY, null, 1),
        new KvCommand.Range(Bytes.utf8("a"), BINARY, KvLimits.MAX_RANGE_ENTRIES),
        txn(List.of(new KvCommand.Compare.ValueIs(BINARY, Bytes.EMPTY), new KvCommand.Compare.Absent(key("b"))),
            List.of(new KvCommand.Put(BINARY, BINARY), new KvCommand.Delete("x")), List.of(new KvCommand.Delete("y"))),
        txn(List.of(), List.of()));
    for (KvCommand c : commands) {
      assertEquals(c, KvCodec.COMMANDS.decode(KvCodec.COMMANDS.encode(c)));
    }
    List<KvResult> results = List.of(new KvResult.Done(), value(null), value("v"),
        new KvResult.Value(Optional.of(BINARY)), new KvResult.Deleted(true), new KvResult.Deleted(false),
        new KvResult.CasResult(true, Optional.empty()), new KvResult.CasResult(false, Optional.of(BINARY)),
        new KvResult.RangeResult(List.of(), false),
        new KvResult.RangeResult(List.of(new KvResult.Entry(key("a"), BINARY), new KvResult.Entry(BINARY,
            Bytes.EMPTY)), true),
        new KvResult.TxnResult(true), new KvResult.TxnResult(false));
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
    byte[] trailing = Arrays.copyOf(get, get.length + 1);
    assertThrows(IllegalArgumentException.class, () -> KvCodec.COMMANDS.decode(trailing));
    // Range and transaction tags did not exist in version 1.
    assertThrows(IllegalArgumentException.class, () -> KvCodec.COMMANDS.decode(hex("0152000000000000000001")));
    assertThrows(IllegalArgumentException.class, () -> KvCodec.RESULTS.decode(hex("0154")));
    // A range result that says more follows but holds nothing.
    assertThrows(IllegalArgumentException.class, () -> KvCodec.RESULTS.decode(hex("02520000000001")));
  }

  @Test
  void commandsAndResultsOfTheTextFormatDecodeAsTheirUtf8Bytes() {
    KvLegacyFrames.COMMANDS.forEach((frame, command) -> assertEquals(command, KvCodec.COMMANDS.decode(hex(frame)),
        frame));
    KvLegacyFrames.RESULTS.forEach((frame, result) -> assertEquals(result, KvCodec.RESULTS.decode(hex(frame)),
        frame));
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
    assertEquals(value("v"), KvCodec.RESULTS.decode(hex("56010000000176")));
    assertEquals(value(null), KvCodec.RESULTS.decode(hex("5600")));
    assertEquals(new KvResult.Deleted(true), KvCodec.RESULTS.decode(hex("58")));
    assertEquals(new KvResult.Deleted(false), KvCodec.RESULTS.decode(hex("78")));
    assertEquals(new KvResult.CasResult(true, text("o")), KvCodec.RESULTS.decode(hex("5301000000016f")));
    assertEquals(new KvResult.CasResult(false, Optional.empty()), KvCodec.RESULTS.decode(hex("7300")));
  }

  @Test
  void encodingsStartWithTheFormatVersionAndAnUnknownOneIsRefused() {
    byte[] put = KvCodec.COMMANDS.encode(new KvCommand.Put("k", "v"));
    assertEquals(2, put[0]);
    assertEquals('P', put[1]);
    put[0] = 3;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KvCodec.COMMANDS.decode(put));
    assertEquals("KV format version 3: this node reads versions 1 to 2", e.getMessage());
    put[0] = 0;
    assertThrows(IllegalArgumentException.class, () -> KvCodec.COMMANDS.decode(put));
    assertEquals(2, KvCodec.RESULTS.encode(new KvResult.Done())[0]);
  }

  @Test
  void keysAreOneTo4096BytesInTheCurrentFormat() {
    Bytes longest = Bytes.copyOf(new byte[KvLimits.MAX_KEY_BYTES]);
    Bytes tooLong = Bytes.copyOf(new byte[KvLimits.MAX_KEY_BYTES + 1]);
    assertEquals(new KvCommand.Put(longest, BINARY),
        KvCodec.COMMANDS.decode(KvCodec.COMMANDS.encode(new KvCommand.Put(longest, BINARY))));
    for (KvCommand bad : List.of(new KvCommand.Put(Bytes.EMPTY, BINARY), new KvCommand.Get(tooLong),
        new KvCommand.Delete(Bytes.EMPTY), new KvCommand.Cas(tooLong, null, BINARY),
        txn(List.of(new KvCommand.Compare.Absent(Bytes.EMPTY)), List.of()),
        txn(List.of(), List.of(new KvCommand.Put(tooLong, BINARY))),
        new KvCommand.Range(Bytes.EMPTY, null, 0),
        new KvCommand.Range(Bytes.EMPTY, null, KvLimits.MAX_RANGE_ENTRIES + 1))) {
      assertThrows(IllegalArgumentException.class, () -> KvCodec.COMMANDS.encode(bad), bad.toString());
      assertThrows(IllegalArgumentException.class, () -> new KvStateMachine().validate(bad), bad.toString());
    }
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> KvCodec.COMMANDS.encode(new KvCommand.Put(Bytes.EMPTY, BINARY)));
    assertEquals("the key is empty: keys are 1 to 4096 bytes", empty.getMessage());
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
        () -> KvLimits.checkKey(tooLong));
    assertEquals("the key is 4097 bytes: keys are 1 to 4096 bytes", big.getMessage());
    // Written by hand, as a client that bypasses the encoder would: version 2, put, an empty key, value "v".
    IllegalArgumentException decoded = assertThrows(IllegalArgumentException.class,
        () -> KvCodec.COMMANDS.decode(hex("0250000000000000000176")));
    assertEquals("the key is empty: keys are 1 to 4096 bytes", decoded.getMessage());
  }

  @Test
  void aTransactionHasAtMost128ComparesAndOperationsInEachBranch() {
    List<KvCommand.TxnOp> ops = java.util.stream.IntStream.range(0, KvLimits.MAX_TXN_OPS + 1)
        .mapToObj(i -> (KvCommand.TxnOp) new KvCommand.Delete("k" + i)).toList();
    KvCommand.Txn big = txn(List.of(), ops);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KvCodec.COMMANDS.encode(big));
    assertEquals("a transaction with 129 operations on success: at most 128", e.getMessage());
    KvCommand.Txn most = txn(List.of(), ops.subList(0, KvLimits.MAX_TXN_OPS));
    assertEquals(most, KvCodec.COMMANDS.decode(KvCodec.COMMANDS.encode(most)));
  }

  /** Commands of the text format apply as they did, empty key included; the leader refuses new ones. */
  @Test
  void aTextFormatCommandWithAnEmptyKeyAppliesAsBeforeButTheLeaderRefusesIt() {
    KvCommand legacy = KvCodec.COMMANDS.decode(hex("01500000000000000009656d707479206b6579"));
    KvStateMachine kv = new KvStateMachine();
    assertEquals(new KvResult.Done(), kv.apply(1, legacy));
    assertEquals(value("empty key"), kv.query(new KvCommand.Get(Bytes.EMPTY)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kv.validate(legacy));
    assertEquals("the key is empty: keys are 1 to 4096 bytes", e.getMessage());
  }

  /**
   * A current-format command with an empty key that reached the log anyway (written by hand, past a leader that
   * did not check it): every replica answers it with the same error result, changes nothing and applies on.
   */
  @Test
  void aCurrentFormatCommandThatBreaksTheKeyRulesIsAnErrorResultOnEveryReplica() {
    byte[] emptyKey = hex("0250000000000000000176");
    for (int replica = 0; replica < 2; replica++) {
      ReplicatedState<KvCommand, KvResult> state = new ReplicatedState<>(new KvStateMachine(), 10, 3_600_000);
      ApplyResult refused = state.apply(new LogEntry.Command(1, 1, 0, 0, 0, 0, emptyKey));
      assertEquals(new ApplyResult.Failure(ApplyResult.Reason.REJECTED,
          "malformed command: the key is empty: keys are 1 to 4096 bytes"), refused);
      assertEquals(0, ((KvStateMachine) state.machine()).size());
      ApplyResult next = state.apply(new LogEntry.Command(2, 1, 0, 0, 0, 0,
          KvCodec.COMMANDS.encode(new KvCommand.Put("k", "v"))));
      assertEquals(new KvResult.Done(), KvCodec.RESULTS.decode(((ApplyResult.Success) next).result()));
      assertThrows(IllegalArgumentException.class, () -> state.validate(emptyKey));
      assertThrows(IllegalArgumentException.class,
          () -> state.validate(hex("01500000000000000009656d707479206b6579")));
    }
  }

  /** A snapshot from before the version: the count first (a = 1, b = 22). */
  @Test
  void aSnapshotWrittenBeforeTheVersionStillRestores() {
    KvStateMachine kv = new KvStateMachine();
    kv.restore(hex("00000002000000016100000001310000000162000000023232"));
    assertEquals(2, kv.size());
    assertEquals(value("22"), kv.query(new KvCommand.Get("b")));
    byte[] current = kv.snapshot();
    assertEquals(KvSnapshot.VERSIONED, current[0]);
    assertEquals(KvSnapshot.VERSION, current[1]);
  }

  @Test
  void aTextFormatSnapshotRestoresAsItsUtf8BytesAndIsRewrittenInByteOrder() {
    KvStateMachine kv = new KvStateMachine();
    kv.restore(hex(KvLegacyFrames.SNAPSHOT));
    assertEquals(KvLegacyFrames.SNAPSHOT_CONTENTS.size(), kv.size());
    KvLegacyFrames.SNAPSHOT_CONTENTS.forEach((k, v) -> assertEquals(value(v), kv.query(new KvCommand.Get(k)), k));
    KvResult.RangeResult all = (KvResult.RangeResult) kv.query(new KvCommand.Range(Bytes.EMPTY, null, 100));
    assertEquals(List.of("", "aé", "b", "\uFFFF", "\uD83D\uDE00"),
        all.entries().stream().map(e -> e.key().toUtf8()).toList());
    KvStateMachine again = new KvStateMachine();
    again.restore(kv.snapshot());
    assertArrayEquals(kv.snapshot(), again.snapshot());
  }

  @Test
  void aCorruptSnapshotIsRefusedAndLeavesTheStateAsItWas() {
    KvStateMachine kv = new KvStateMachine();
    kv.apply(1, new KvCommand.Put("a", "1"));
    kv.apply(2, new KvCommand.Put("b", "2"));
    byte[] good = kv.snapshot();
    byte[] futureVersion = good.clone();
    futureVersion[1] = 3;
    byte[] truncated = Arrays.copyOf(good, good.length - 1);
    byte[] hugeCount = good.clone();
    java.nio.ByteBuffer.wrap(hugeCount).putInt(2, Integer.MAX_VALUE);
    byte[] outOfOrder = good.clone();
    outOfOrder[10] = 'c';
    KvStateMachine target = new KvStateMachine();
    target.apply(1, new KvCommand.Put("kept", "yes"));
    for (byte[] bad : List.of(futureVersion, truncated, hugeCount, outOfOrder, new byte[] {1, 2, 3})) {
      assertThrows(IllegalArgumentException.class, () -> target.restore(bad));
      assertEquals(value("yes"), target.query(new KvCommand.Get("kept")));
    }
  }

  @Test
  void aRangeListsKeysInUnsignedByteOrderFromInclusiveToExclusive() {
    KvStateMachine kv = new KvStateMachine();
    List<Bytes> keys = List.of(key("a"), key("ab"), key("b"), Bytes.fromHex("7f"), Bytes.fromHex("80"),
        Bytes.fromHex("ff"), Bytes.fromHex("ff00"));
    for (int i = 0; i < keys.size(); i++) {
      kv.apply(i + 1, new KvCommand.Put(keys.get(i), Bytes.utf8("v" + i)));
    }
    assertEquals(List.of("a", "ab", "b", "0x7f", "0x80", "0xff", "0xff00"), rangeKeys(kv, Bytes.EMPTY, null, 100));
    assertEquals(List.of("ab", "b"), rangeKeys(kv, key("ab"), Bytes.fromHex("7f"), 100));
    assertEquals(List.of("0x80", "0xff"), rangeKeys(kv, Bytes.fromHex("80"), Bytes.fromHex("ff00"), 100));
    assertEquals(List.of(), rangeKeys(kv, key("b"), key("a"), 100));
    assertEquals(List.of(), rangeKeys(kv, key("b"), key("b"), 100));
    KvResult.RangeResult first = range(kv, Bytes.EMPTY, null, 1);
    assertEquals(new KvResult.RangeResult(List.of(new KvResult.Entry(key("a"), Bytes.utf8("v0"))), true), first);
    assertEquals(Optional.of(Bytes.fromHex("6100")), first.nextFrom());
  }

  /** The next page starts one byte after the last key: past a key of the largest size too. */
  @Test
  void pagingGoesPastTheLongestKeys() {
    KvStateMachine kv = new KvStateMachine();
    byte[] longest = new byte[KvLimits.MAX_KEY_BYTES];
    for (int i = 0; i < 3; i++) {
      longest[KvLimits.MAX_KEY_BYTES - 1] = (byte) i;
      kv.apply(i + 1, new KvCommand.Put(Bytes.copyOf(longest), BINARY));
    }
    KvResult.RangeResult first = range(kv, Bytes.EMPTY, null, 1);
    KvCommand.Range next = new KvCommand.Range(first.nextFrom().orElseThrow(), null, 5);
    KvResult.RangeResult rest = range(kv, next.from(), null, 5);
    assertEquals(2, rest.entries().size());
    assertEquals(next, KvCodec.COMMANDS.decode(KvCodec.COMMANDS.encode(next)));
  }

  @Test
  void aPrefixIsTheRangeUpToItsEnd() {
    KvStateMachine kv = new KvStateMachine();
    for (String k : List.of("app/1", "app/2", "app0", "apq", "ap")) {
      kv.apply(1, new KvCommand.Put(k, "x"));
    }
    kv.apply(2, new KvCommand.Put(Bytes.fromHex("ff"), BINARY));
    kv.apply(3, new KvCommand.Put(Bytes.fromHex("ffff01"), BINARY));
    kv.apply(4, new KvCommand.Put(Bytes.fromHex("fe"), BINARY));
    assertEquals(List.of("app/1", "app/2"), prefixKeys(kv, key("app/")));
    assertEquals(List.of("app/1", "app/2", "app0"), prefixKeys(kv, key("app")));
    assertEquals(List.of("0xff", "0xffff01"), prefixKeys(kv, Bytes.fromHex("ff")));
    assertEquals(List.of("0xffff01"), prefixKeys(kv, Bytes.fromHex("ffff")));
    assertEquals(8, prefixKeys(kv, Bytes.EMPTY).size());
  }

  @Test
  void pagingFromNextFromVisitsEveryKeyOnceAndTheIndexFollowsWrites() {
    KvStateMachine kv = new KvStateMachine();
    for (int i = 0; i < 250; i++) {
      kv.apply(i + 1, new KvCommand.Put(String.format("k%04d", i), "v"));
    }
    assertEquals(250, pagedKeys(kv, 7).size());
    kv.apply(300, new KvCommand.Put("k0100x", "new"));
    kv.apply(301, new KvCommand.Delete("k0000"));
    kv.apply(302, new KvCommand.Put("k0001", "overwritten"));
    kv.apply(303, txn(List.of(), List.of(new KvCommand.Put("k9999", "t"), new KvCommand.Delete("k0002"))));
    List<String> keys = pagedKeys(kv, 7);
    assertEquals(250, keys.size());
    assertEquals(List.of("k0001", "k0003"), keys.subList(0, 2));
    assertEquals("k0100x", keys.get(keys.indexOf("k0100") + 1));
    assertEquals("k9999", keys.get(keys.size() - 1));
    assertEquals(keys.stream().sorted().toList(), keys);
    kv.restore(new KvStateMachine().snapshot());
    assertEquals(List.of(), pagedKeys(kv, 7));
  }

  /** The answer stays within MAX_RANGE_BYTES (what Artery's frame must carry), except a first entry on its own. */
  @Test
  void aRangeAnswerIsBoundedInBytesButAlwaysHoldsItsFirstEntry() {
    KvStateMachine kv = new KvStateMachine();
    Bytes kib = Bytes.copyOf(new byte[1024]);
    for (int i = 0; i < 300; i++) {
      kv.apply(i + 1, new KvCommand.Put(key(String.format("k%03d", i)), kib));
    }
    KvResult.RangeResult page = range(kv, Bytes.EMPTY, null, KvLimits.MAX_RANGE_ENTRIES);
    assertTrue(page.more());
    int encoded = KvCodec.RESULTS.encode(page).length;
    assertTrue(encoded <= KvLimits.MAX_RANGE_BYTES + 16, encoded + " bytes");
    int perEntry = 4 + 4 + 4 + 1024;
    assertEquals(KvLimits.MAX_RANGE_BYTES / perEntry, page.entries().size());
    Bytes huge = Bytes.copyOf(new byte[KvLimits.MAX_RANGE_BYTES * 2]);
    kv.apply(400, new KvCommand.Put(key("a-huge-one"), huge));
    KvResult.RangeResult alone = range(kv, Bytes.EMPTY, null, 10);
    assertEquals(1, alone.entries().size());
    assertEquals(huge, alone.entries().get(0).value());
    assertTrue(alone.more());
  }

  @Test
  void aTransactionAppliesOneBranchAtomically() {
    KvStateMachine kv = new KvStateMachine();
    kv.apply(1, new KvCommand.Put("lock", "me"));
    KvCommand.Txn take = txn(List.of(new KvCommand.Compare.ValueIs(key("lock"), key("me")),
            new KvCommand.Compare.Absent(key("owner"))),
        List.of(new KvCommand.Put("owner", "me"), new KvCommand.Put("tmp", "1"), new KvCommand.Delete("tmp"),
            new KvCommand.Delete("lock")),
        List.of(new KvCommand.Put("failed", "yes")));
    assertEquals(new KvResult.TxnResult(true), kv.apply(2, take));
    assertEquals(value("me"), kv.query(new KvCommand.Get("owner")));
    assertEquals(value(null), kv.query(new KvCommand.Get("lock")));
    assertEquals(value(null), kv.query(new KvCommand.Get("tmp")));
    assertEquals(value(null), kv.query(new KvCommand.Get("failed")));
    byte[] before = kv.snapshot();
    assertEquals(new KvResult.TxnResult(false), kv.apply(3, take));
    assertEquals(value("yes"), kv.query(new KvCommand.Get("failed")));
    assertEquals(value("me"), kv.query(new KvCommand.Get("owner")));
    assertFalse(Arrays.equals(before, kv.snapshot()));
    assertEquals(new KvResult.TxnResult(true), kv.apply(4, txn(List.of(), List.of())));
  }

  private static KvCommand.Txn txn(List<KvCommand.Compare> compares, List<KvCommand.TxnOp> success) {
    return txn(compares, success, List.of());
  }

  private static KvCommand.Txn txn(List<KvCommand.Compare> compares, List<KvCommand.TxnOp> success,
      List<KvCommand.TxnOp> failure) {
    return new KvCommand.Txn(compares, success, failure);
  }

  private static KvResult.RangeResult range(KvStateMachine kv, Bytes from, Bytes to, int limit) {
    return (KvResult.RangeResult) kv.query(new KvCommand.Range(from, to, limit));
  }

  private static List<String> rangeKeys(KvStateMachine kv, Bytes from, Bytes to, int limit) {
    return range(kv, from, to, limit).entries().stream().map(e -> e.key().toString()).toList();
  }

  private static List<String> prefixKeys(KvStateMachine kv, Bytes prefix) {
    KvResult.RangeResult r = (KvResult.RangeResult) kv.query(KvCommand.Range.prefix(prefix, 100));
    return r.entries().stream().map(e -> e.key().toString()).toList();
  }

  private static List<String> pagedKeys(KvStateMachine kv, int page) {
    List<String> keys = new java.util.ArrayList<>();
    Optional<Bytes> from = Optional.of(Bytes.EMPTY);
    while (from.isPresent()) {
      KvResult.RangeResult r = range(kv, from.get(), null, page);
      r.entries().forEach(e -> keys.add(e.key().toUtf8()));
      from = r.nextFrom();
    }
    return keys;
  }

  private static Bytes key(String text) {
    return Bytes.utf8(text);
  }

  private static Optional<Bytes> text(String text) {
    return Optional.of(Bytes.utf8(text));
  }

  private static KvResult.Value value(String text) {
    return new KvResult.Value(Optional.ofNullable(text).map(Bytes::utf8));
  }
}
