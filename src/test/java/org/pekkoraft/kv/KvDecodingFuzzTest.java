package org.pekkoraft.kv;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkoraft.testkit.FuzzCampaign;

/**
 * Thousands of seeded malformed KV commands, results and snapshots, as a client, a corrupt log or a corrupt
 * snapshot would present them: only IllegalArgumentException (the codec's and restore's rejection) may escape, and
 * no case may allocate more than {@link FuzzCampaign}'s limit. Valid inputs come from real encodings of every
 * command and result (ranges and transactions included), and from the older formats ({@link KvLegacyFrames}, and
 * frames from before the version byte).
 *
 * <p>Prints its seed; {@code -Dfuzz.seed=N} replays, {@code -Dfuzz.cases=N} scales.
 */
class KvDecodingFuzzTest {

  private static final int CASES = FuzzCampaign.cases(3000);
  private static long seed;

  @BeforeAll
  static void seed() {
    seed = FuzzCampaign.seed(KvDecodingFuzzTest.class);
  }

  private static final Bytes BINARY = Bytes.fromHex("8062696e");

  @Test
  void commandsAndResults() {
    List<byte[]> commands = new ArrayList<>();
    for (KvCommand c : List.of(new KvCommand.Put("key", "value ✓"), new KvCommand.Put(BINARY, BINARY),
        new KvCommand.Get("k"), new KvCommand.Delete("k"), new KvCommand.Cas("k", null, "n"),
        new KvCommand.Cas("k", "o", "n"), new KvCommand.Range(Bytes.EMPTY, null, 10),
        new KvCommand.Range(Bytes.utf8("a"), BINARY, KvLimits.MAX_RANGE_ENTRIES),
        KvCommand.Range.prefix(Bytes.utf8("app/"), 1),
        new KvCommand.Txn(List.of(new KvCommand.Compare.ValueIs(BINARY, Bytes.utf8("v")),
            new KvCommand.Compare.Absent(Bytes.utf8("lock"))),
            List.of(new KvCommand.Put(BINARY, Bytes.EMPTY), new KvCommand.Delete("lock")),
            List.of(new KvCommand.Put("failed", "yes"))),
        new KvCommand.Txn(List.of(), List.of(), List.of()))) {
      commands.add(KvCodec.COMMANDS.encode(c));
    }
    KvLegacyFrames.COMMANDS.keySet().forEach(frame -> commands.add(KvLegacyFrames.hex(frame)));
    commands.add(HexFormat.of().parseHex("43000000016b01000000016f000000016e"));
    FuzzCampaign.run(seed, "KvCodec commands", FuzzCampaign.samples(commands, KvCodec.COMMANDS::decode),
        IllegalArgumentException.class, CASES);
    List<byte[]> results = new ArrayList<>();
    for (KvResult r : List.of(new KvResult.Done(), new KvResult.Value(Optional.of(BINARY)),
        new KvResult.Value(Optional.empty()), new KvResult.Deleted(true), new KvResult.CasResult(false,
        Optional.of(Bytes.utf8("current"))), new KvResult.RangeResult(List.of(), false),
        new KvResult.RangeResult(List.of(new KvResult.Entry(Bytes.utf8("a"), BINARY),
            new KvResult.Entry(BINARY, Bytes.EMPTY)), true),
        new KvResult.TxnResult(true), new KvResult.TxnResult(false))) {
      results.add(KvCodec.RESULTS.encode(r));
    }
    KvLegacyFrames.RESULTS.keySet().forEach(frame -> results.add(KvLegacyFrames.hex(frame)));
    results.add(HexFormat.of().parseHex("5301000000016f"));
    FuzzCampaign.run(seed, "KvCodec results", FuzzCampaign.samples(results, KvCodec.RESULTS::decode),
        IllegalArgumentException.class, CASES);
  }

  @Test
  void snapshotRestore() {
    KvStateMachine kv = new KvStateMachine();
    List<byte[]> snapshots = new ArrayList<>();
    snapshots.add(kv.snapshot());
    for (int i = 0; i < 20; i++) {
      kv.apply(i + 1, new KvCommand.Put("key-" + i, "v".repeat(i)));
      if (i % 7 == 0) {
        kv.apply(100 + i, new KvCommand.Put(Bytes.fromHex(String.format("ff80%02x", i)), BINARY));
        snapshots.add(kv.snapshot());
      }
    }
    snapshots.add(HexFormat.of().parseHex("00000002000000016100000001310000000162000000023232"));
    snapshots.add(KvLegacyFrames.hex(KvLegacyFrames.SNAPSHOT));
    FuzzCampaign.run(seed, "KvStateMachine.restore", FuzzCampaign.samples(snapshots, bytes -> {
      new KvStateMachine().restore(bytes);
      return null;
    }), IllegalArgumentException.class, CASES);
  }
}
