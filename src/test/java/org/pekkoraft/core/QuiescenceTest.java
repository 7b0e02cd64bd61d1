package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Quiescence: an idle group stops heartbeating and ticking once every follower is in sync, and wakes on anything
 * that needs it; the failure detector's unreachable report keeps a dead leader from going unnoticed.
 */
class QuiescenceTest {

  private static final RaftOptions QUIESCE = RaftOptions.defaults().withQuiesce(true);
  private static final byte[] DATA = "x".getBytes(StandardCharsets.UTF_8);

  /** A 3-server group with a leader elected and everything reported reachable; returns the net. */
  private static LoopbackNet group() {
    LoopbackNet net = new LoopbackNet(QUIESCE, "a", "b", "c");
    net.reachAll();
    Raft first = net.tickUntilLeader(1_000);
    assertEquals("c", first.id().value(), "test assumes c wins the first election; pick other names");
    return net;
  }

  private static void assertAllQuiescent(LoopbackNet net) {
    for (String n : new String[] {"a", "b", "c"}) {
      assertTrue(net.get(n).quiescent(), n + " is not quiescent");
    }
  }

  @Test
  @DisplayName("Quiescence: an idle group in sync goes quiet, and then sends nothing at all")
  void idleGroupInSyncGoesQuiet() {
    LoopbackNet net = group();
    net.tickAll(3 * QUIESCE.heartbeatTicks());
    assertAllQuiescent(net);
    long before = net.delivered();
    net.tickAll(10 * QUIESCE.electionTimeoutMaxTicks());
    assertEquals(before, net.delivered(), "a quiescent group sent messages");
    assertEquals(Role.LEADER, net.get("c").role());
    assertAllQuiescent(net);
  }

  @Test
  @DisplayName("Quiescence: never without a failure detector watching the peers, nor with quiesce off")
  void needsReachabilityAndTheOption() {
    LoopbackNet unwatched = new LoopbackNet(QUIESCE, "a", "b", "c");
    unwatched.tickUntilLeader(1_000);
    unwatched.tickAll(5 * QUIESCE.electionTimeoutMaxTicks());
    assertFalse(unwatched.get("a").quiescent() || unwatched.get("b").quiescent());

    LoopbackNet off = new LoopbackNet(RaftOptions.defaults(), "a", "b", "c");
    off.reachAll();
    off.tickUntilLeader(1_000);
    long before = off.delivered();
    off.tickAll(5 * QUIESCE.electionTimeoutMaxTicks());
    assertFalse(off.get("a").quiescent() || off.get("b").quiescent());
    assertTrue(off.delivered() > before, "heartbeats stopped with quiesce off");
  }

  @Test
  @DisplayName("Quiescence: a leader with a follower behind keeps heartbeating")
  void followerBehindKeepsLeaderAwake() {
    LoopbackNet net = group();
    net.dropWhile((to, m) -> to.value().equals("a"));
    net.get("c").proposeCommand(1, 1, 1, 0, DATA);
    net.collectFrom(net.get("c"));
    for (int t = 0; t < 5 * QUIESCE.electionTimeoutMaxTicks(); t++) {
      net.tickAll(1);
      assertFalse(net.get("c").quiescent(), "leader quiesced with a behind, at tick " + t);
    }
    net.dropWhile((to, m) -> false);
    net.tickAll(5 * QUIESCE.heartbeatTicks());
    assertEquals(net.get("c").log().lastIndex(), net.get("a").log().lastIndex());
    assertAllQuiescent(net);
  }

  @Test
  @DisplayName("Quiescence: a proposal wakes the leader, commits everywhere, and the group goes quiet again")
  void proposalWakes() {
    LoopbackNet net = group();
    net.tickAll(3 * QUIESCE.heartbeatTicks());
    assertAllQuiescent(net);
    Raft leader = net.get("c");
    long index = leader.proposeCommand(1, 1, 1, 0, DATA);
    assertFalse(leader.quiescent(), "a proposal did not wake the leader");
    net.collectFrom(leader);
    net.drain();
    for (String n : new String[] {"a", "b", "c"}) {
      assertEquals(index, net.get(n).log().lastIndex(), n);
    }
    net.tickAll(3 * QUIESCE.heartbeatTicks());
    assertEquals(index, net.get("b").commitIndex(), "b does not know the commit index");
    assertAllQuiescent(net);
  }

  @Test
  @DisplayName("Quiescence: a read wakes the leader and is confirmed by a heartbeat round, never from memory")
  void readWakesAndConfirms() {
    LoopbackNet net = group();
    net.tickAll(3 * QUIESCE.heartbeatTicks());
    assertAllQuiescent(net);
    Raft leader = net.get("c");
    net.dropWhile((to, m) -> true);
    assertTrue(leader.readIndex(7));
    assertFalse(leader.quiescent(), "a read did not wake the leader");
    net.collectFrom(leader);
    net.drain();
    assertTrue(net.readsReady("c").isEmpty(), "read confirmed without a quorum's answer");
    net.dropWhile((to, m) -> false);
    net.tickAll(QUIESCE.heartbeatTicks());
    assertEquals(1, net.readsReady("c").size(), "read not confirmed once followers answer");
    assertEquals(7, net.readsReady("c").get(0).readId());
  }

  @Test
  @DisplayName("Quiescence: a message from anyone but the leader wakes a follower, which wakes its leader")
  void messageWakesFollowerAndLeader() {
    LoopbackNet net = group();
    net.tickAll(3 * QUIESCE.heartbeatTicks());
    assertAllQuiescent(net);
    Raft b = net.get("b");
    net.deliver("b", new RaftMessage.RequestVote(b.currentTerm() + 1, CoreFixture.id("a"), 0, 0, true, false));
    assertFalse(b.quiescent(), "a vote request did not wake the follower");
    net.drain();
    assertFalse(net.get("c").quiescent(), "the follower's nudge did not wake the leader");
    assertEquals(Role.LEADER, net.get("c").role());
    net.tickAll(3 * QUIESCE.heartbeatTicks());
    assertAllQuiescent(net);
  }

  @Test
  @DisplayName("Quiescence: a reachability change wakes the leader; the leader's loss wakes its followers")
  void reachabilityWakes() {
    LoopbackNet net = group();
    net.tickAll(3 * QUIESCE.heartbeatTicks());
    assertAllQuiescent(net);
    net.unreachable("b", "a");
    assertTrue(net.get("b").quiescent(), "a follower woke for a peer that is not its leader");
    net.unreachable("c", "a");
    assertFalse(net.get("c").quiescent(), "leader slept through a follower's loss");
    net.tickAll(5 * QUIESCE.heartbeatTicks());
    assertFalse(net.get("c").quiescent(), "leader quiesced with a follower unreachable");
    net.get("c").peerReachable(CoreFixture.id("a"));
    net.tickAll(3 * QUIESCE.heartbeatTicks());
    assertTrue(net.get("c").quiescent(), "leader stayed awake once the follower was reachable again");
  }

  @Test
  @DisplayName("Quiescence: when a quiescent leader dies, the unreachable report gets it replaced")
  void deadLeaderIsReplacedAfterUnreachable() {
    LoopbackNet net = group();
    net.tickAll(3 * QUIESCE.heartbeatTicks());
    assertAllQuiescent(net);
    long term = net.get("c").currentTerm();
    net.dropWhile((to, m) -> to.value().equals("c") || m.from().value().equals("c"));
    net.tick(10 * QUIESCE.electionTimeoutMaxTicks(), "b", "a");
    assertTrue(net.get("b").quiescent() && net.get("a").quiescent(), "followers woke without a cause");
    net.unreachable("b", "c");
    net.unreachable("a", "c");
    assertFalse(net.get("b").quiescent() || net.get("a").quiescent());
    for (int t = 0; t < 10 * QUIESCE.electionTimeoutMaxTicks(); t++) {
      net.tick(1, "b", "a");
      if (net.get("b").role() == Role.LEADER || net.get("a").role() == Role.LEADER) {
        assertTrue(net.get("b").currentTerm() > term);
        return;
      }
    }
    throw new AssertionError("no new leader after the leader was reported unreachable");
  }
}
