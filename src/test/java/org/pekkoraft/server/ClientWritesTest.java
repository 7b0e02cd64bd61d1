package org.pekkoraft.server;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.server.ReplicaCluster.Answers;

class ClientWritesTest {

  @Test
  void aWriteWhoseIndexALaterLeadershipReusesIsAnsweredAsLost() {
    ClientWrites writes = new ClientWrites(new ReplicaStats());
    Answers first = new Answers();
    writes.track(5, 2, 7, 1, first, () -> new ClientResponse.NotLeader(null, null));
    Answers second = new Answers();
    writes.track(5, 4, 7, 2, second, () -> new ClientResponse.NotLeader(null, null));
    assertInstanceOf(ClientResponse.NotLeader.class, first.only(),
        "the entry of term 2 at index 5 is gone: its writer may retry with its session");
    assertTrue(second.received.isEmpty());
  }
}
