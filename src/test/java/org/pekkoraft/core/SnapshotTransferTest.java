package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.id;
import static org.pekkoraft.core.CoreFixture.sent;
import static org.pekkoraft.core.CoreFixture.server;
import static org.pekkoraft.core.CoreFixture.state;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.RaftMessage.InstallSnapshot;
import org.pekkoraft.core.RaftMessage.InstallSnapshotResult;
import org.pekkoraft.testkit.Allocation;

/**
 * Rule 12: a snapshot sent in chunks reaches a follower whatever the network loses, without flooding it. A leader
 * rewinds to where the follower stands when the follower reports a gap, and a chunk sent once is not sent again
 * unless the follower needs it.
 */
class SnapshotTransferTest {

  private static final int CHUNK = 1024;
  /** Five chunks, the last one short. */
  private static final int SNAPSHOT_BYTES = 4 * CHUNK + 100;

  /**
   * a and b commit 20 entries while c is cut off; a compacts them into a snapshot. The test's next
   * {@link LoopbackNet#dropWhile} replaces the cut, healing c's links.
   */
  private static LoopbackNet leaderWithSnapshotAndFollowerBehind() {
    RaftOptions options = RaftOptions.defaults().withPreVote(false).withAppendLimits(512, CHUNK, 8);
    LoopbackNet net = new LoopbackNet(options, "a", "b", "c");
    net.dropWhile((to, m) -> to.equals(NodeId.of("c")) || m.from().equals(NodeId.of("c")));
    Raft a = net.get("a");
    for (int ticks = 0; a.role() != Role.LEADER; ticks++) {
      assertTrue(ticks < 1000, "a never became leader");
      a.tick();
      net.collectFrom(a);
      net.drain();
    }
    for (int i = 0; i < 20; i++) {
      a.proposeCommand(0, 0, 0, 0, new byte[] {(byte) i});
    }
    a.flush();
    net.collectFrom(a);
    net.drain();
    long index = a.commitIndex();
    assertEquals(a.log().lastIndex(), index, "a and b committed everything");
    byte[] data = new byte[SNAPSHOT_BYTES];
    Arrays.fill(data, (byte) 7);
    a.snapshotTaken(new Snapshot(new SnapshotMeta(index, a.currentTerm(), a.configurationAt(index)), data));
    net.collectFrom(a);
    return net;
  }

  @Test
  @DisplayName("Rule 12: one chunk lost in the window is resent, and the transfer ends (no livelock)")
  void aLostChunkInTheLastWindowIsResent() {
    LoopbackNet net = leaderWithSnapshotAndFollowerBehind();
    long snapshotIndex = net.get("a").snapshot().lastIncludedIndex();
    Set<Long> lostOnce = new HashSet<>();
    long[] chunksSent = new long[1];
    net.dropWhile((to, m) -> {
      if (m instanceof InstallSnapshot s) {
        chunksSent[0]++;
        return s.offset() == 3L * CHUNK && lostOnce.add(s.offset());
      }
      return false;
    });
    long before = net.delivered();
    net.tickAll(300);
    assertEquals(snapshotIndex, net.get("c").snapshot().lastIncludedIndex(), "c installed the snapshot");
    assertEquals(net.get("a").commitIndex(), net.get("c").commitIndex(), "and caught up");
    long messages = net.delivered() - before;
    assertTrue(messages < 2_000, "a 5-chunk snapshot and 300 ticks of heartbeats took " + messages + " messages");
    assertTrue(chunksSent[0] <= 12, "chunks sent: " + chunksSent[0] + " for 5 chunks and one loss");
  }

  @Test
  @DisplayName("Rule 12: a follower that lost the first chunk (or restarted before its first ack) gets it again")
  void aFollowerThatHasNothingYetGetsTheFirstChunkAgain() {
    LoopbackNet net = leaderWithSnapshotAndFollowerBehind();
    long snapshotIndex = net.get("a").snapshot().lastIncludedIndex();
    Set<Long> lostOnce = new HashSet<>();
    net.dropWhile((to, m) -> m instanceof InstallSnapshot s && s.offset() == 0 && lostOnce.add(0L));
    long before = net.delivered();
    net.tickAll(300);
    assertEquals(snapshotIndex, net.get("c").snapshot().lastIncludedIndex(), "c installed the snapshot");
    long messages = net.delivered() - before;
    assertTrue(messages < 2_000, "a 5-chunk snapshot and 300 ticks of heartbeats took " + messages + " messages");
  }

  @Test
  @DisplayName("Rule 12: without loss every chunk is sent once and no empty chunk follows an acknowledgement")
  void withoutLossEachChunkIsSentOnce() {
    LoopbackNet net = leaderWithSnapshotAndFollowerBehind();
    long[] chunks = new long[1];
    long[] empty = new long[1];
    net.dropWhile((to, m) -> {
      if (m instanceof InstallSnapshot s) {
        chunks[0]++;
        if (s.data().length == 0) {
          empty[0]++;
        }
      }
      return false;
    });
    net.tickAll(50);
    assertEquals(net.get("a").snapshot().lastIncludedIndex(), net.get("c").snapshot().lastIncludedIndex());
    assertEquals(5, chunks[0], "five chunks, each sent once");
    assertEquals(0, empty[0], "no empty chunks");
  }

  @Test
  @DisplayName("Rule 12: a snapshot larger than maxSnapshotBytes is refused at its first chunk, nothing held")
  void aSnapshotOverTheLimitIsRefusedAtItsFirstChunk() {
    Raft c = server("c", state(1), RaftOptions.defaults().withMaxSnapshotBytes(1 << 20), "a", "b", "c");
    c.receive(chunk(0, new byte[100], false, (1 << 20) + 1));
    assertFalse(c.receivingSnapshot());
    assertEquals(List.of(0L), nextOffsets(c), "told to start over, which a leader with a smaller snapshot can");
  }

  @Test
  @DisplayName("Rule 12: the size a leader announces does not size the follower's buffer")
  void theAnnouncedSizeIsNotAllocatedUpFront() {
    Raft c = server("c", state(1), RaftOptions.defaults().withMaxSnapshotBytes(RaftOptions.MAX_SNAPSHOT_BYTES),
        "a", "b", "c");
    InstallSnapshot first = chunk(0, new byte[100], false, RaftOptions.MAX_SNAPSHOT_BYTES);
    Allocation.Measured received = Allocation.of(() -> {
      c.receive(first);
      return null;
    });
    assertTrue(c.receivingSnapshot());
    assertTrue(received.bytes() < 4 << 20, "the first chunk of an announced 2 GiB snapshot allocated "
        + received.bytes() + " bytes");
  }

  @Test
  @DisplayName("Rule 12: a chunk that runs past the announced size discards the transfer")
  void aChunkPastTheAnnouncedSizeStartsTheTransferOver() {
    Raft c = server("c", state(1), "a", "b", "c");
    c.receive(chunk(0, new byte[8], false, 10));
    assertTrue(c.receivingSnapshot());
    c.takeOutcome();
    c.receive(chunk(8, new byte[8], true, 10));
    assertFalse(c.receivingSnapshot());
    assertEquals(0, c.snapshot().lastIncludedIndex(), "nothing installed");
    assertEquals(List.of(0L), nextOffsets(c));
  }

  /** A chunk from leader a, in c's term, of a snapshot at index 5. */
  private static InstallSnapshot chunk(long offset, byte[] data, boolean done, long totalSize) {
    return new InstallSnapshot(1, id("a"), 5, 1, CoreFixture.voters("a", "b", "c"), offset, data, done, totalSize, 0);
  }

  private static List<Long> nextOffsets(Raft raft) {
    return sent(raft.takeOutcome(), InstallSnapshotResult.class).stream().map(InstallSnapshotResult::nextOffset)
        .toList();
  }
}
