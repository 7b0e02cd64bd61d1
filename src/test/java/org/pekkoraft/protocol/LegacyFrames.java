package org.pekkoraft.protocol;

import java.util.HexFormat;
import java.util.List;

/**
 * Frames as ReplicationSerializer wrote them before frames had a format version (commit eb17a36), captured from
 * that code; they read under the upper-case manifests, with an empty peer token. The entries are
 * ReplicationSerializerTest's EVERY_KIND (the configuration change through Jackson), the messages those of its
 * round-trip tests: AppendEntries(3, node-1, 6, 2, EVERY_KIND, 6, 1234) from 127.0.0.1:2551 of cluster 5e1f-cluster,
 * AppendEntriesResult(4, node-1, false, 0, 12, 2, 5, 77) from 127.0.0.1:2552 without a cluster, and
 * RequestVote(5, node-1, 11, 3, true, false) with no endpoint, of cluster 5e1f-cluster.
 */
final class LegacyFrames {

  private static final String HEX_ENTRIES_APPENDED =
      "0000000500000000000000000700000000000000030100000000000000080000000000000003000000000000002a000000000000"
      + "000900000000000000050000018bcfe5680000000007707574206b20760100000000000000090000000000000003000000000000"
      + "00000000000000000000000000000000000000000000000000000000000002000000000000000a00000000000000030000018bcf"
      + "e568010300286f72672e70656b6b6f726166742e636f72652e4c6f67456e74727924436f6e6669674368616e676500000093bf61"
      + "74616d65696e6465780b647465726d036d636f6e66696775726174696f6ebf66766f7465727382bf6576616c7565666e6f64652d"
      + "31ffbf6576616c7565666e6f64652d32ff686c6561726e657273806e6f7574676f696e67566f746572738069656e64706f696e74"
      + "73bf666e6f64652d316e3132372e302e302e313a32353531ff65656d707479f4656a6f696e74f4ffff";
  private static final String HEX_APPEND =
      "01000e3132372e302e302e313a3235353101000c356531662d636c7573746572000000000000000300066e6f64652d3100000000"
      + "000000060000000000000002"
      + HEX_ENTRIES_APPENDED
      + "000000000000000600000000000004d2";
  private static final String HEX_APPEND_RESULT =
      "01000e3132372e302e302e313a3235353200000000000000000400066e6f64652d31000000000000000000000000000000000c00"
      + "000000000000020000000000000005000000000000004d";
  private static final String HEX_REQUEST_VOTE =
      "0001000c356531662d636c7573746572002a6f72672e70656b6b6f726166742e636f72652e526166744d65737361676524526571"
      + "75657374566f746500000059bf6174627276647465726d056466726f6dbf6576616c7565666e6f64652d31ff6c6c6173744c6f67"
      + "496e6465780b6b6c6173744c6f675465726d0367707265566f7465f5726c6561646572736869705472616e73666572f4ff";

  static final byte[] ENTRIES_APPENDED = hex(HEX_ENTRIES_APPENDED);
  static final byte[] APPEND = hex(HEX_APPEND);
  static final byte[] APPEND_RESULT = hex(HEX_APPEND_RESULT);
  static final byte[] REQUEST_VOTE = hex(HEX_REQUEST_VOTE);

  /** A frame and the manifest it was written under. */
  record Frame(byte[] bytes, String manifest) {}

  static final List<Frame> ALL = List.of(new Frame(ENTRIES_APPENDED, "E"), new Frame(APPEND, "A"),
      new Frame(APPEND_RESULT, "R"), new Frame(REQUEST_VOTE, "P"));

  private LegacyFrames() {}

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
