package org.pekkoraft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.server.ReplicaCluster.put;

import org.junit.jupiter.api.Test;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.server.ReplicaCluster.Answers;

/** What the shipped driver answers clients and operators when things do not go the simple way. */
class ReplicaRequestsTest {

  @Test
  void aLeaderWithTooManyWritesPendingAnswersBusy() {
    ReplicaCluster c = new ReplicaCluster(3, RaftOptions.defaults(), options -> options.withMaxPendingWrites(5));
    Replica leader = c.electLeader();
    c.isolate(leader.raft().id().value());
    Answers[] answers = new Answers[6];
    for (int i = 0; i < answers.length; i++) {
      answers[i] = new Answers();
      leader.write(0, 0, 0, put("k" + i, "v"), answers[i]);
    }
    for (int i = 0; i < 5; i++) {
      assertTrue(answers[i].received.isEmpty(), "write " + i + " waits for its commit");
    }
    ClientResponse sixth = answers[5].only();
    assertInstanceOf(ClientResponse.Busy.class, sixth, "a sixth pending write is refused for now: " + sixth);
    assertEquals(5, leader.raft().log().lastIndex() - leader.raft().commitIndex(), "and not appended");
  }

  @Test
  void aTransferThatEndsWithAnotherLeaderIsNotReportedDone() {
    ReplicaCluster c = new ReplicaCluster(3, RaftOptions.defaults(), ReplicaOptions.ReadMode.READ_INDEX);
    Replica leader = c.electLeader();
    c.tick(6);
    NodeId leaderId = leader.raft().id();
    NodeId[] others = leader.raft().configuration().voters().stream().filter(v -> !v.equals(leaderId))
        .toArray(NodeId[]::new);
    NodeId target = others[0];
    NodeId other = others[1];
    c.cutWhere((from, to) -> from.equals(leaderId) && to.equals(target));
    Answers transfer = new Answers();
    leader.transferLeadership(target, transfer);
    c.settle();
    assertTrue(transfer.received.isEmpty(), "the TimeoutNow to the target was lost; the transfer is still on");
    // Meanwhile the third server takes over (as if it had been told to).
    c.get(other.value()).receive(new RaftMessage.TimeoutNow(leader.raft().currentTerm(), leaderId));
    c.settle();
    c.tick(3);
    assertEquals(Role.LEADER, c.get(other.value()).role());
    ClientResponse answer = transfer.only();
    assertTrue(!(answer instanceof ClientResponse.Done), "reported done although " + other + " leads: " + answer);
    assertTrue(answer.toString().contains(other.value()), "the answer names who leads now: " + answer);
  }
}
