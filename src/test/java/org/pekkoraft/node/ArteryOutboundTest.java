package org.pekkoraft.node;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;
import org.pekkoraft.testkit.TestCluster;
import org.slf4j.LoggerFactory;

/**
 * The stalled-link watchdog reaches into Artery's internals (there is no public API to restart an outbound stream):
 * this fails first when a Pekko upgrade moves them, instead of the watchdog quietly doing nothing.
 */
class ArteryOutboundTest {

  @Test
  void anOutboundStreamRestartsAndMessagesFlowAgain() throws Exception {
    try (TestCluster cluster = TestCluster.start(TestCluster.tempDir("artery-outbound"), 2)) {
      cluster.awaitLeader(Duration.ofSeconds(30));
      cluster.kv().put("k", "1").toCompletableFuture().get(20, TimeUnit.SECONDS);
      ArteryOutbound outbound = ArteryOutbound.of(cluster.node("n1").system(),
          LoggerFactory.getLogger(ArteryOutboundTest.class));
      assertNotNull(outbound, "Artery's outbound streams are out of reach: see the warning above");
      Address n2 = new Address("pekko", "raft", "127.0.0.1", cluster.node("n2").port);
      assertTrue(outbound.restart(n2), "the ordinary stream to n2 was running and is restarted");
      for (int i = 0; i < 5; i++) {
        cluster.kv().put("k", "after-" + i).toCompletableFuture().get(20, TimeUnit.SECONDS);
      }
    }
  }
}
