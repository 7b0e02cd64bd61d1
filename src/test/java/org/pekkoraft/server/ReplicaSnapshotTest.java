package org.pekkoraft.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.server.ReplicaCluster.getKey;
import static org.pekkoraft.server.ReplicaCluster.put;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvResult;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.server.ReplicaCluster.Answers;
import org.pekkoraft.statemachine.ReplicatedState;

/**
 * Snapshots are written by the host, off the replica's thread: the replica copies the state when one is due and
 * goes on applying; the core compacts only once the bytes are back, and they hold the state at the copy's index.
 */
class ReplicaSnapshotTest {

  @Test
  void aSnapshotHoldsTheStateAtItsIndexAndTheLogIsCompactedOnlyOnceItIsWritten() {
    ReplicaCluster c = new ReplicaCluster(1, RaftOptions.defaults(), options -> options.withSnapshotEvery(5));
    Replica leader = c.electLeader();
    c.holdSnapshots();
    long before = leader.raft().commitIndex();
    int writes = 0;
    while (leader.raft().commitIndex() - before < 5 || c.snapshotsWriting("n1").isEmpty()) {
      write(c, leader, "k" + writes, "v" + writes);
      writes++;
    }
    long index = c.snapshotsWriting("n1").get(0);
    assertEquals(0, leader.raft().snapshot().lastIncludedIndex(), "not compacted while being written");

    // The node goes on applying; one snapshot is written at a time.
    for (int i = 0; i < 12; i++) {
      write(c, leader, "later" + i, "x");
    }
    assertEquals(List.of(index), c.snapshotsWriting("n1"));
    Answers read = new Answers();
    leader.read(getKey("later0"), read);
    c.settle();
    assertArrayEquals(value("x"), ((ClientResponse.Ok) read.only()).result(), "applied meanwhile");
    ReplicatedState<?, ?> restored = new ReplicatedState<>(new KvStateMachine(), 100, 3_600_000);
    restored.restore(c.snapshotBytes("n1"));
    assertArrayEquals(value("v0"), restored.query(getKey("k0")), "what was applied before the copy is in it");
    assertArrayEquals(value(null), restored.query(getKey("later0")), "what was applied after is not");

    c.releaseSnapshots();
    long compacted = leader.raft().snapshot().lastIncludedIndex();
    assertTrue(compacted >= index, "compacted to " + compacted + " once written");
    assertEquals(compacted + 1, leader.raft().log().firstIndex());
  }

  private static void write(ReplicaCluster c, Replica leader, String key, String value) {
    Answers answer = new Answers();
    leader.write(0, 0, 0, put(key, value), answer);
    c.settle();
    answer.only();
  }

  private static byte[] value(String v) {
    return KvCodec.RESULTS.encode(
        new KvResult.Value(java.util.Optional.ofNullable(v).map(org.pekkoraft.kv.Bytes::utf8)));
  }
}
