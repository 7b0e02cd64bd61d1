package org.pekkoraft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.NodeId;

/** A member a configuration change adds gets its connection opened at once, and every member only once. */
class ConnectionWarmerTest {

  private final List<String> opened = new ArrayList<>();
  private final ConnectionWarmer warmer = new ConnectionWarmer("h:1", List.of("h:2", "h:3"), opened::add);

  @Test
  void opensAnAddedMemberOnceAndNeverItselfOrTheMembersOpenedAtStart() {
    Configuration three = configuration(Map.of("n1", "h:1", "n2", "h:2", "n3", "h:3"));
    warmer.configuration(three);
    assertEquals(List.of(), opened, "the static members were opened at start, and this node is h:1");

    Configuration four = three.withMembers(three.voters(), Set.of(NodeId.of("n4")), Set.of())
        .withEndpoint(NodeId.of("n4"), "h:4");
    warmer.configuration(four);
    assertEquals(List.of("h:4"), opened);

    warmer.configuration(four.withMembers(Set.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"),
        NodeId.of("n4")), Set.of(), Set.of()));
    assertEquals(List.of("h:4"), opened, "promoting the learner opens nothing new");
  }

  private static Configuration configuration(Map<String, String> endpoints) {
    Configuration c = Configuration.ofVoters(endpoints.keySet().stream().map(NodeId::of).toList());
    for (Map.Entry<String, String> e : endpoints.entrySet()) {
      c = c.withEndpoint(NodeId.of(e.getKey()), e.getValue());
    }
    return c;
  }
}
