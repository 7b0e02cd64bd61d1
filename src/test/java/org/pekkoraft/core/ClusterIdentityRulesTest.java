package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.server;
import static org.pekkoraft.core.CoreFixture.state;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A server's cluster identity is persistent state: written once, recovered, never changed. */
class ClusterIdentityRulesTest {

  @Test
  void theIdentityIsWrittenOnceAndRecovered() {
    Raft f = server("f", state(0), "f", "a", "b");
    f.identify("c1");
    Ready ready = f.ready();
    assertEquals(List.of(new RaftEvent.ClusterIdentified("c1")), ready.write().events());
    f.identify("c1");
    f.persisted(ready.write().id());
    assertTrue(f.ready().write() == null, "the same identity again writes nothing");

    PersistentState disk = state(0);
    ready.write().events().forEach(disk::apply);
    assertEquals("c1", disk.clusterId());
    assertEquals("c1", server("f", disk, "f", "a", "b").clusterId());
    assertEquals("c1", disk.copy().clusterId());
  }

  @Test
  void anotherIdentityIsRefused() {
    Raft f = server("f", state(0), "f", "a", "b");
    f.identify("c1");
    assertThrows(IllegalStateException.class, () -> f.identify("c2"));
    PersistentState disk = state(0);
    disk.apply(new RaftEvent.ClusterIdentified("c1"));
    assertThrows(IllegalStateException.class, () -> disk.apply(new RaftEvent.ClusterIdentified("c2")));
  }
}
