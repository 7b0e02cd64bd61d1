package org.pekkoraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pekkoraft.testkit.TestCluster;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeNodeClusterTest {

  private TestCluster cluster;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(TestCluster.tempDir("three"), 3);
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void electsALeaderAndReplicates() throws Exception {
    String leader = cluster.awaitLeader(Duration.ofSeconds(30));
    cluster.kv().put("k", "v").toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(Optional.of("v"), cluster.kv().get("k").toCompletableFuture().get(10, TimeUnit.SECONDS));
    System.out.println("leader " + leader);
  }
}
