package org.pekkoraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.testkit.Verify;

/**
 * One {@link ProcessCluster} for a whole test class, whose scenarios run in order on it: started before the first,
 * stopped after the last. After each scenario no node may have stopped on its own and every write recorded in
 * {@link #acknowledged} must still read back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProcessClusterFixture {

  static final Duration WAIT = ProcessCluster.WAIT;

  private final String name;
  private final int size;
  ProcessCluster cluster;
  KvClient kv;
  final Map<String, String> acknowledged = new ConcurrentHashMap<>();

  ProcessClusterFixture(String name, int size) {
    this.name = name;
    this.size = size;
  }

  @BeforeAll
  void start() {
    cluster = ProcessCluster.start(name, size);
    kv = new KvClient(cluster.client(Duration.ofSeconds(1), Duration.ofSeconds(30)));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void noNodeStoppedOnItsOwnAndNothingAcknowledgedWasLost() throws Exception {
    cluster.assertNoNodeDiedOnItsOwn();
    assertEquals(List.of(), Verify.unreadable(kv, acknowledged), "acknowledged writes lost");
  }
}
