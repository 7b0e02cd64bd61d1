package org.pekkoraft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.NodeId;

class RoutingTest {

  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");
  private static final NodeId C = NodeId.of("c");
  private static final long SUSPECT = 1_000;

  private final AtomicLong now = new AtomicLong(5_000);
  private final Routing routing = new Routing(Map.of(A, "h:1", B, "h:2"), SUSPECT, now::get);

  @Test
  void withoutALeaderGuessARequestGoesToEveryNode() {
    assertNull(routing.direct());
    routing.answered(A, false);
    assertNull(routing.direct(), "a redirect does not make a leader");
    routing.answered(A, true);
    assertEquals(A, routing.direct());
  }

  @Test
  void oneTimeoutKeepsTheLeaderGuess() {
    routing.answered(A, true);
    routing.timedOut(A);
    assertEquals(A, routing.direct());
    assertFalse(routing.suspect(A));
    assertTrue(routing.follow(B, A, null), "a hint to it is still followed");
  }

  @Test
  void aSecondTimeoutInARowDropsTheGuessAndTheNodeIsNoHintToFollow() {
    routing.answered(A, true);
    routing.timedOut(A);
    routing.timedOut(A);
    assertNull(routing.direct());
    assertNull(routing.leaderGuess());
    assertTrue(routing.suspect(A));
    assertFalse(routing.follow(B, A, null));
  }

  @Test
  void anAnswerBetweenTimeoutsStartsTheCountAgain() {
    routing.answered(A, true);
    routing.timedOut(A);
    routing.answered(A, false);
    routing.timedOut(A);
    assertEquals(A, routing.direct());
  }

  @Test
  void suspicionEndsAfterItsWindowOrWithAnAnswer() {
    routing.timedOut(A);
    routing.timedOut(A);
    now.addAndGet(SUSPECT - 1);
    assertTrue(routing.suspect(A));
    now.addAndGet(1);
    assertFalse(routing.suspect(A));

    routing.timedOut(B);
    routing.timedOut(B);
    assertTrue(routing.suspect(B));
    routing.answered(B, true);
    assertFalse(routing.suspect(B));
    assertEquals(B, routing.direct());
  }

  @Test
  void aHintMakesTheGuessAndTeachesANewNodesAddress() {
    assertTrue(routing.follow(A, C, "h:3"));
    assertEquals(C, routing.direct());
    assertEquals("h:3", routing.endpoint(C));
    assertEquals(List.of(A, B, C), routing.nodes());
  }

  @Test
  void noHintToItselfNorToAnUnknownNodeWithoutAddress() {
    assertFalse(routing.follow(A, A, "h:1"));
    assertFalse(routing.follow(A, null, null));
    assertFalse(routing.follow(A, C, "?"));
    assertFalse(routing.follow(A, C, null));
    assertNull(routing.direct());
    assertEquals(List.of(A, B), routing.nodes());
  }
}
