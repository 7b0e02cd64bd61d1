package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.id;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

  @Test
  void majorities() {
    assertEquals(1, Quorum.majority(1));
    assertEquals(2, Quorum.majority(2));
    assertEquals(2, Quorum.majority(3));
    assertEquals(3, Quorum.majority(4));
    assertEquals(3, Quorum.majority(5));
  }

  @Test
  void committedIndexIsTheMajorityMatchIndex() {
    Configuration c = CoreFixture.voters("a", "b", "c", "d", "e");
    Map<String, Long> match = Map.of("a", 9L, "b", 7L, "c", 5L, "d", 3L, "e", 1L);
    assertEquals(5, c.committedIndex(id -> match.get(id.value())));
  }

  @Test
  void jointConsensusNeedsBothMajorities() {
    Configuration joint = new Configuration(Set.of(id("c"), id("d"), id("e")), Set.of(),
        Set.of(id("a"), id("b"), id("c")));
    assertTrue(joint.isJoint());
    assertFalse(joint.hasQuorum(id -> Set.of("a", "b", "c").contains(id.value())), "old majority only");
    assertFalse(joint.hasQuorum(id -> Set.of("c", "d", "e").contains(id.value())), "new majority only");
    assertTrue(joint.hasQuorum(id -> Set.of("b", "c", "d").contains(id.value())));
    Map<String, Long> match = Map.of("a", 10L, "b", 10L, "c", 4L, "d", 2L, "e", 2L);
    assertEquals(2, joint.committedIndex(id -> match.get(id.value())));
  }

  @Test
  void learnersNeverCount() {
    Configuration c = new Configuration(Set.of(id("a"), id("b"), id("c")), Set.of(id("l")), Set.of());
    assertFalse(c.hasQuorum(id -> Set.of("a", "l").contains(id.value())));
    assertTrue(c.isMember(id("l")));
    assertFalse(c.isVoter(id("l")));
  }

  @Test
  void noVotersNoQuorum() {
    assertFalse(Configuration.EMPTY.hasQuorum(id -> true));
    assertEquals(0, Configuration.EMPTY.committedIndex(id -> 100));
  }

  @Test
  void aServerIsNotBothVoterAndLearner() {
    assertThrows(IllegalArgumentException.class,
        () -> new Configuration(Set.of(id("a")), Set.of(id("a")), Set.of()));
  }
}
