package org.pekkoraft.kv;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Frames as KvCodec and KvStateMachine wrote them when keys and values were text (format version 1, commit
 * b3cf1cc), captured from that code, with what each meant then; logs hold such commands, client sessions such
 * results, and snapshots such states. The frames of before version 1 (no version byte) are in KvStateMachineTest.
 */
final class KvLegacyFrames {

  /** Commands of version 1 and the commands they decode to now: the UTF-8 bytes of the text of then. */
  static final Map<String, KvCommand> COMMANDS = Map.of(
      "0150000000036bc3a9000000057620e29c93", new KvCommand.Put("ké", "v ✓"),
      "01500000000000000009656d707479206b6579", new KvCommand.Put("", "empty key"),
      "0147000000036bc3a9", new KvCommand.Get("ké"),
      "0144000000016b", new KvCommand.Delete("k"),
      "0143000000016b00000000016e", new KvCommand.Cas("k", null, "n"),
      "0143000000016b01000000016f000000016e", new KvCommand.Cas("k", "o", "n"));

  /** Results of version 1 and what they decode to now. */
  static final Map<String, KvResult> RESULTS = Map.of(
      "014b", new KvResult.Done(),
      "015601000000057620e29c93", new KvResult.Value(Optional.of(Bytes.utf8("v ✓"))),
      "015600", new KvResult.Value(Optional.empty()),
      "0158", new KvResult.Deleted(true),
      "0178", new KvResult.Deleted(false),
      "015300", new KvResult.CasResult(true, Optional.empty()),
      "0173010000000163", new KvResult.CasResult(false, Optional.of(Bytes.utf8("c"))));

  /**
   * A version 1 snapshot of b = 2, aé = "1 ✓", "" = "empty key", U+1F600 = supplementary, U+FFFF = "bmp max": in
   * String order, where U+1F600 (a surrogate pair) comes before U+FFFF although its UTF-8 bytes come after.
   */
  static final String SNAPSHOT = "8001000000050000000000000009656d707479206b65790000000361c3a9000000053120e29c93"
      + "0000000162000000013200000004f09f98800000000d737570706c656d656e7461727900000003efbfbf00000007626d70206d6178";

  static final Map<String, String> SNAPSHOT_CONTENTS = Map.of("b", "2", "aé", "1 ✓", "", "empty key",
      "\uD83D\uDE00", "supplementary", "\uFFFF", "bmp max");

  private KvLegacyFrames() {}

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
