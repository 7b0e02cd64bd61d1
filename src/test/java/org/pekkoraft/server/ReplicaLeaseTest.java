package org.pekkoraft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.server.ReplicaCluster.getKey;
import static org.pekkoraft.server.ReplicaCluster.put;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.core.Role;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvResult;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.server.ReplicaCluster.Answers;

/**
 * Rule 9, lease reads (opt-in): the shipped driver answers from its lease only while the lease really holds, measured
 * on the monotonic clock at read time and void once the leader has handed leadership over.
 */
class ReplicaLeaseTest {

  private static ReplicaCluster leased() {
    return new ReplicaCluster(3, RaftOptions.defaults(), ReplicaOptions.ReadMode.LEASE);
  }

  @Test
  @DisplayName("Rule 9: within its lease a leader answers a read at once, without a heartbeat round")
  void withinTheLeaseAReadNeedsNoRoundTrip() {
    ReplicaCluster c = leased();
    Replica leader = c.electLeader();
    c.tick(6);
    Answers read = new Answers();
    leader.read(getKey("x"), read);
    assertInstanceOf(ClientResponse.Ok.class, read.only(), "answered before anything was sent or delivered");
    assertTrue(leader.stats().leaseReads() > 0);
  }

  @Test
  @DisplayName("Rule 9: a lease is measured on the clock at read time, so a pause longer than the lease voids it")
  void aPauseLongerThanTheLeaseVoidsIt() {
    ReplicaCluster c = leased();
    Replica leader = c.electLeader();
    c.tick(6);
    // SIGSTOP for a second: no tick reached the leader, but the clock moved on and the followers may have elected
    // someone else meanwhile. The ticks that were missed arrive later, in a burst, after this read.
    c.advanceClock(1_000);
    Answers read = new Answers();
    leader.read(getKey("x"), read);
    assertTrue(read.received.isEmpty(), "answered from a lease that expired during the pause: " + read.received);
    c.settle();
    assertInstanceOf(ClientResponse.Ok.class, read.only(), "answered once a heartbeat round confirmed leadership");
  }

  @Test
  @DisplayName("Rule 9: once a leader has sent TimeoutNow its lease is void: the target may win before it times out")
  void aLeadershipTransferVoidsTheLease() {
    ReplicaCluster c = leased();
    Replica old = c.electLeader();
    c.tick(6);
    NodeId oldId = old.raft().id();
    NodeId targetId = old.raft().configuration().voters().stream().filter(v -> !v.equals(oldId)).findFirst()
        .orElseThrow();
    Answers transfer = new Answers();
    old.transferLeadership(targetId, transfer);
    // The TimeoutNow is on its way; from now on the old leader hears nothing.
    c.cutWhere((from, to) -> to.equals(oldId));
    c.settle();
    Replica target = c.get(targetId.value());
    assertEquals(Role.LEADER, target.role(), "the target won with the third server's vote");
    Answers write = new Answers();
    target.write(0, 0, 0, put("x", "new"), write);
    c.settle();
    assertInstanceOf(ClientResponse.Ok.class, write.only(), "x=new is committed by the new leader");
    assertEquals(Role.LEADER, old.role(), "the old leader has not heard of it");

    Answers read = new Answers();
    old.read(getKey("x"), read);
    assertTrue(read.received.isEmpty(), "the old leader answered from its lease without x=new: "
        + read.received.stream().map(r -> r instanceof ClientResponse.Ok ok
            ? KvCodec.RESULTS.decode(ok.result()).toString() : r.toString()).toList());
  }
}
