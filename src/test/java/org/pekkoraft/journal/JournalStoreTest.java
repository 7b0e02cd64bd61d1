package org.pekkoraft.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The LevelDB layout under the journal plugin: deletion is a mark at once and a purge in chunks later. */
class JournalStoreTest {

  private static List<Long> replayed(JournalStore store, String pid) throws IOException {
    List<Long> seen = new ArrayList<>();
    store.replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE, (sequenceNr, bytes) -> seen.add(sequenceNr));
    return seen;
  }

  @ParameterizedTest(name = "native LevelDB: {0}")
  @ValueSource(booleans = {true, false})
  void aDeletionHidesEventsAtOnceAndThePurgeRemovesThemAChunkAtATime(boolean nativeLevelDb) throws IOException {
    Path dir = Files.createTempDirectory("journal-store");
    try (JournalStore store = JournalStore.open(dir, nativeLevelDb, true)) {
      List<JournalStore.Event> events = new ArrayList<>();
      for (long i = 1; i <= 1000; i++) {
        events.add(new JournalStore.Event("p", i, new byte[] {(byte) i}));
      }
      store.write(events);
      store.deleteTo("p", 900);
      assertEquals(1000, store.storedEvents("p"), "deleting only marks");
      assertEquals(100, replayed(store, "p").size());
      assertEquals(901L, replayed(store, "p").get(0));

      int chunks = 0;
      while (store.purge("p", 256)) {
        chunks++;
      }
      assertEquals(3, chunks, "900 deleted events in chunks of 256: 3 calls find more, the 4th removes the rest");
      assertEquals(100, store.storedEvents("p"));
      assertFalse(store.purge("p", 256), "nothing left to purge");
      store.deleteTo("p", Long.MAX_VALUE);
      assertTrue(store.purge("p", 60));
      assertFalse(store.purge("p", 60));
      assertEquals(0, store.storedEvents("p"));
      assertEquals(1000, store.highestSequenceNr("p"), "the highest survives deleting every event");
    }
    try (JournalStore reopened = JournalStore.open(dir, nativeLevelDb, true)) {
      assertEquals(List.of(), replayed(reopened, "p"));
      assertEquals(1000, reopened.highestSequenceNr("p"), "and a restart");
    }
  }
}
