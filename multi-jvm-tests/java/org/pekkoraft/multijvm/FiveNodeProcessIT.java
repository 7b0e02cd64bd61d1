package org.pekkoraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.WriteLoad;

/** Five node processes, started once: two leaders killed in turn (five nodes survive two crashes), the nemesis. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FiveNodeProcessIT extends ProcessClusterFixture {

  FiveNodeProcessIT() {
    super("five", 5);
  }

  @Test
  @Order(1)
  void formsAClusterAndAcknowledgesAFirstWrite() throws Exception {
    cluster.status().awaitLeader(WAIT);
    kv.put("first", "hello").toCompletableFuture().get(60, TimeUnit.SECONDS);
    acknowledged.put("first", "hello");
    cluster.status().awaitConverged(WAIT);
    for (String id : cluster.ids()) {
      assertEquals(5, cluster.status().of(id).voters().size(), id + " knows every voter");
    }
  }

  @Test
  @Order(2)
  void killingTwoLeadersInTurnUnderLoadLosesNoAcknowledgedWriteAndBothCatchUp() throws Exception {
    cluster.restoreAll();
    WriteLoad load = new WriteLoad(kv, "kill", 4);
    load.awaitAcknowledged(100, WAIT);
    Failover.Measured first = Failover.killLeader(cluster, "5 nodes, first");
    assertNotEquals(first.killed(), first.newLeader());
    load.awaitAcknowledged(load.acknowledgedCount() + 100, WAIT);
    // With the first still down, the second crash leaves three of five: still a majority.
    Failover.Measured second = Failover.killLeader(cluster, "5 nodes, second (one node already down)");
    assertNotEquals(second.killed(), second.newLeader());
    assertNotEquals(first.killed(), second.newLeader());
    load.awaitAcknowledged(load.acknowledgedCount() + 100, WAIT);

    for (String node : List.of(first.killed(), second.killed())) {
      cluster.node(node).start();
    }
    String leader = cluster.status().awaitLeader(WAIT);
    long commitAfterRestart = cluster.status().of(leader).commitIndex();
    for (String node : Set.of(first.killed(), second.killed())) {
      Await.until(node + " to apply the commitIndex " + commitAfterRestart + " under load", WAIT, () -> {
        NodeStatus s = cluster.status().of(node);
        return s != null && s.lastApplied() >= commitAfterRestart;
      });
    }
    acknowledged.putAll(load.stop());
    cluster.status().awaitConverged(WAIT);
  }

  @Test
  @Order(3)
  // Runs as long as -Dnemesis.seconds says; every wait inside it has its own deadline.
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void underANemesisTheHistoryIsLinearizableAndNoAcknowledgedWriteIsLost() throws Exception {
    NemesisRun.run(cluster, "5 nodes");
  }
}
