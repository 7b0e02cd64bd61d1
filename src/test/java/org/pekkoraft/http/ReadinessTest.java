package org.pekkoraft.http;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.NodeHealth;

class ReadinessTest {

  private static final NodeId ME = NodeId.of("n2");
  private static final NodeId LEADER = NodeId.of("n1");
  private static final HttpSettings SETTINGS = new HttpSettings(true, "127.0.0.1", 0, Duration.ofSeconds(5),
      Duration.ofSeconds(30), 100, Duration.ofSeconds(1));

  private static NodeHealth follower(NodeId leader, long applied, long leaderCommit, long contactAge) {
    return new NodeHealth(ME, false, Role.FOLLOWER, 3, leader, "127.0.0.1:2551", applied, applied, leaderCommit,
        contactAge);
  }

  @Test
  void aCaughtUpFollowerInTouchWithItsLeaderIsReady() {
    assertNull(Readiness.problem(follower(LEADER, 500, 500, 40), SETTINGS));
    assertNull(Readiness.problem(follower(LEADER, 500, 600, 40), SETTINGS), "within max-lag");
  }

  @Test
  void aLeaderIsReady() {
    assertNull(Readiness.problem(new NodeHealth(LEADER, false, Role.LEADER, 3, LEADER, "127.0.0.1:2551", 9, 9, 9,
        0), SETTINGS));
  }

  @Test
  void notReadyWithoutLeaderWhileRecoveringLaggingOrOutOfTouch() {
    assertTrue(Readiness.problem(NodeHealth.recovering(ME), SETTINGS).contains("replaying"));
    assertTrue(Readiness.problem(follower(null, 500, 0, -1), SETTINGS).contains("no leader"));
    assertTrue(Readiness.problem(follower(LEADER, 500, 601, 40), SETTINGS).contains("101 entries behind"));
    assertTrue(Readiness.problem(follower(LEADER, 500, 500, 1001), SETTINGS).contains("for 1001 ms"));
    assertTrue(Readiness.problem(follower(LEADER, 500, 500, -1), SETTINGS).contains("yet"));
  }
}
