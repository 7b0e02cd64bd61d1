package org.pekkoraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.pekkoraft.client.RaftClientException;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.testkit.TestCluster;
import org.pekkoraft.testkit.Verify;

/**
 * The KV store of bytes on three real nodes (ActorSystems over Artery, LevelDB with fsync) in one JVM: binary keys
 * and values, range reads served without a log write, transactions, the key rules enforced at the client and at
 * the leader, and the same state on every node after leaders crash and nodes recover from snapshots and logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class KvClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Bytes BINARY = Bytes.fromHex("8062696e");

  private TestCluster cluster;
  /** Everything written, as the store must hold it. */
  private final TreeMap<Bytes, Bytes> expected = new TreeMap<>();

  @BeforeAll
  void start() {
    // Snapshots every 25 entries, so that restarted nodes restore snapshots of binary keys, not only replay logs.
    cluster = TestCluster.start(TestCluster.tempDir("kv-bytes"), 3, "pekko-raft.snapshot.every-entries = 25");
    cluster.awaitLeader(WAIT);
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  @Order(1)
  void binaryKeysAndValuesRoundTripExactly() throws Exception {
    KvClient kv = cluster.kv();
    Bytes k80 = Bytes.fromHex("80");
    Bytes k81 = Bytes.fromHex("81");
    put(k80, BINARY);
    put(k81, Bytes.utf8("different key"));
    put(Bytes.utf8("text"), Bytes.utf8("ünïcode ✓"));
    assertEquals(Optional.of(BINARY), await(kv.get(k80)));
    assertEquals(Optional.of(Bytes.utf8("different key")), await(kv.get(k81)));
    assertEquals(Optional.of("ünïcode ✓"), await(kv.get("text")));
    assertEquals(Optional.empty(), await(kv.get("\u0080")), "U+0080 (bytes c2 80) is another key than 0x80");
    put(Bytes.utf8("binary-value"), BINARY);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> kv.get("binary-value").toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  @Test
  @Order(2)
  void rangesPageThroughEveryKeyInOrderWithoutALogWrite() throws Exception {
    KvClient kv = cluster.kv();
    for (int i = 0; i < 40; i++) {
      put(Bytes.utf8(String.format("r/%02d", i)), Bytes.copyOf(new byte[] {(byte) i, (byte) 0xFF}));
    }
    put(Bytes.utf8("r0"), Bytes.utf8("after the prefix"));
    String leader = cluster.awaitLeader(WAIT);
    NodeStatus before = cluster.status(leader);
    List<Bytes> keys = new ArrayList<>();
    Optional<Bytes> from = Optional.of(Bytes.utf8("r/"));
    int pages = 0;
    while (from.isPresent()) {
      KvResult.RangeResult page = await(kv.range(from.get(), Bytes.utf8("r/").prefixEnd().orElseThrow(), 7));
      for (KvResult.Entry entry : page.entries()) {
        keys.add(entry.key());
        assertEquals(expected.get(entry.key()), entry.value());
      }
      from = page.nextFrom();
      pages++;
    }
    assertEquals(new ArrayList<>(expected.subMap(Bytes.utf8("r/"), Bytes.utf8("r0")).keySet()), keys);
    assertEquals(6, pages);
    KvResult.RangeResult prefix = await(kv.prefix(Bytes.utf8("r"), 100));
    assertEquals(41, prefix.entries().size());
    assertFalse(prefix.more());
    NodeStatus after = cluster.status(leader);
    assertEquals(before.term(), after.term(), "a leader change would append an entry of its own");
    assertEquals(before.lastLogIndex(), after.lastLogIndex(), "range reads must not write to the log");
  }

  @Test
  @Order(3)
  void aTransactionAppliesOneBranchAtomically() throws Exception {
    KvClient kv = cluster.kv();
    put(Bytes.utf8("lock"), Bytes.utf8("me"));
    KvCommand.Txn take = new KvCommand.Txn(
        List.of(new KvCommand.Compare.ValueIs(Bytes.utf8("lock"), Bytes.utf8("me")),
            new KvCommand.Compare.Absent(Bytes.utf8("owner"))),
        List.of(new KvCommand.Put(Bytes.utf8("owner"), BINARY), new KvCommand.Delete(Bytes.utf8("lock"))),
        List.of(new KvCommand.Put(Bytes.utf8("failed"), Bytes.utf8("yes"))));
    assertTrue(await(kv.txn(take)).succeeded());
    expected.put(Bytes.utf8("owner"), BINARY);
    expected.remove(Bytes.utf8("lock"));
    assertFalse(await(kv.txn(take)).succeeded());
    expected.put(Bytes.utf8("failed"), Bytes.utf8("yes"));
    assertEquals(Optional.of(BINARY), await(kv.get(Bytes.utf8("owner"))));
    assertEquals(Optional.empty(), await(kv.get(Bytes.utf8("lock"))));
    assertEquals(Optional.of("yes"), await(kv.get("failed")));
  }

  /**
   * The client refuses before sending; a frame that bypasses it (an old client's, or one written by hand) is
   * refused by the leader, and nothing is written.
   */
  @Test
  @Order(4)
  void emptyAndOversizedKeysAreRefusedAtTheClientAndAtTheLeader() throws Exception {
    KvClient kv = cluster.kv();
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> kv.put("", "x"));
    assertEquals("the key is empty: keys are 1 to 4096 bytes", empty.getMessage());
    assertThrows(IllegalArgumentException.class, () -> kv.put(Bytes.copyOf(new byte[4097]), BINARY));
    String textFormatEmptyKey = "01500000000000000009656d707479206b6579";
    String currentFormatEmptyKey = "0250000000000000000176";
    for (String frame : List.of(textFormatEmptyKey, currentFormatEmptyKey)) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> cluster.client()
          .submit(HexFormat.of().parseHex(frame)).toCompletableFuture().get(30, TimeUnit.SECONDS));
      RaftClientException refused = assertInstanceOf(RaftClientException.class, e.getCause());
      assertEquals(RaftClientException.Kind.REJECTED, refused.kind());
      assertTrue(refused.getMessage().contains("the key is empty: keys are 1 to 4096 bytes"), refused.getMessage());
    }
    byte[] getEmpty = HexFormat.of().parseHex("014700000000");
    byte[] answer = cluster.client().query(getEmpty).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(new KvResult.Value(Optional.empty()), KvCodec.RESULTS.decode(answer));
  }

  /**
   * Kills the leader twice (each restarted from its snapshot and log): every leader after serves the same whole
   * store, so every node that led applied the same commands, transactions included.
   */
  @Test
  @Order(5)
  void everyLeaderServesTheSameStoreAfterCrashesAndRestarts() throws Exception {
    assertEquals(expected, whole());
    for (int round = 0; round < 2; round++) {
      String leader = cluster.awaitLeader(WAIT);
      cluster.node(leader).crash();
      String next = cluster.awaitLeader(WAIT);
      assertFalse(next.equals(leader));
      assertEquals(expected, whole(), "as " + next + " serves it");
      cluster.node(leader).start();
      Verify.converged(cluster, WAIT);
      assertTrue(cluster.status(leader).snapshotIndex() > 0, "restarted " + leader + " from a snapshot");
    }
  }

  private TreeMap<Bytes, Bytes> whole() throws Exception {
    TreeMap<Bytes, Bytes> all = new TreeMap<>();
    Optional<Bytes> from = Optional.of(Bytes.EMPTY);
    while (from.isPresent()) {
      KvResult.RangeResult page = await(cluster.kv().range(from.get(), null, 10));
      page.entries().forEach(e -> all.put(e.key(), e.value()));
      from = page.nextFrom();
    }
    return all;
  }

  private void put(Bytes key, Bytes value) throws Exception {
    await(cluster.kv().put(key, value));
    expected.put(key, value);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
