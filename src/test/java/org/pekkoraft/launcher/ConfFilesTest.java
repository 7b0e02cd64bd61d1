package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped conf/ files agree with each other: node-1..3 are the initial voters, node-4 and node-5 join later;
 * every node has its own port and data directory, lists every other node as a seed and itself last, syncs its
 * journal and uses the durable snapshot store. Only reads the files: loading creates nothing.
 */
class ConfFilesTest {

  private static final int NODES = 5;
  private static final int VOTERS = 3;

  @Test
  void theInitialVotersAreNode1To3AndNode4And5Join() {
    Map<String, String> voters = Map.of("node-1", "127.0.0.1:2551", "node-2", "127.0.0.1:2552", "node-3",
        "127.0.0.1:2553");
    for (int n = 1; n <= NODES; n++) {
      Config c = load(n).config();
      Map<String, Object> members = c.getObject("pekko-raft.members").unwrapped();
      boolean joins = n > VOTERS;
      assertEquals(joins, c.getBoolean("pekko-raft.join"), "node-" + n + ": join only for nodes beyond the initial"
          + " voters");
      if (joins) {
        // Only an address book when joining: it must name every node that may lead, the joiners included.
        Map<String, String> everyone = new HashMap<>(voters);
        everyone.put("node-4", "127.0.0.1:2554");
        everyone.put("node-5", "127.0.0.1:2555");
        assertEquals(everyone, members, "node-" + n);
      } else {
        assertEquals(voters, members, "node-" + n);
      }
    }
  }

  @Test
  void eachNodeHasItsOwnIdPortAndDataDirectory() {
    for (int n = 1; n <= NODES; n++) {
      NodeConfig node = load(n);
      assertEquals("node-" + n, node.nodeId());
      assertEquals("127.0.0.1:" + (2550 + n), node.endpoint());
      assertEquals(Home.resolve("data/node-" + n), node.dataDir());
      assertEquals(node.dataDir().resolve("journal"), node.journalDir());
    }
  }

  @Test
  void everyNodeSyncsItsJournalAndUsesTheDurableSnapshotStore() {
    for (int n = 1; n <= NODES; n++) {
      Config c = load(n).config();
      assertEquals("pekko-raft.journal", c.getString("pekko-raft.journal-plugin"), "node-" + n);
      assertTrue(c.getBoolean("pekko-raft.journal.fsync"), "node-" + n);
      assertEquals("org.pekkoraft.journal.GroupCommitJournal",
          c.getString("pekko-raft.journal.class"), "node-" + n);
      assertEquals("pekko-raft.snapshot-store", c.getString("pekko-raft.snapshot-plugin"), "node-" + n);
    }
  }

  @Test
  void everyNodeListsTheOthersAsSeedsAndItselfLast() {
    for (int n = 1; n <= NODES; n++) {
      List<String> seeds = load(n).config().getStringList("pekko.cluster.seed-nodes");
      List<String> expected = new ArrayList<>();
      for (int other = 1; other <= NODES; other++) {
        if (other != n) {
          expected.add(seed(other));
        }
      }
      expected.add(seed(n));
      assertEquals(expected, seeds, "node-" + n);
    }
  }

  private static String seed(int n) {
    return "pekko://raft@127.0.0.1:" + (2550 + n);
  }

  private static NodeConfig load(int n) {
    return NodeConfig.load(NodeConfig.defaultFile(n));
  }
}
