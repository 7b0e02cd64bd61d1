package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class RaftLogTest {

  private static RaftLog log(long... terms) {
    RaftLog log = new RaftLog();
    for (int i = 0; i < terms.length; i++) {
      log.append(entry(i + 1, terms[i]));
    }
    return log;
  }

  @Test
  void emptyLogHasSentinelAtZero() {
    RaftLog log = new RaftLog();
    assertEquals(0, log.lastIndex());
    assertEquals(0, log.lastTerm());
    assertTrue(log.matches(0, 0));
    assertEquals(-1, log.termAt(1));
  }

  @Test
  void appendRequiresTheNextIndex() {
    RaftLog log = log(1, 1);
    assertThrows(IllegalArgumentException.class, () -> log.append(entry(4, 1)));
  }

  @Test
  void sliceStopsAtCountAndBytesButAlwaysTakesOne() {
    RaftLog log = log(1, 1, 1, 1, 1);
    assertEquals(3, log.slice(1, 3, Long.MAX_VALUE).size());
    int one = entry(1, 1).sizeInBytes();
    assertEquals(2, log.slice(1, 10, 2L * one + 1).size());
    assertEquals(1, log.slice(2, 10, 1).size(), "a single entry larger than the budget still goes");
    assertEquals(List.of(), log.slice(6, 10, 100));
  }

  @Test
  void truncateRemovesSuffix() {
    RaftLog log = log(1, 1, 2, 2);
    log.truncateFrom(3);
    assertEquals(2, log.lastIndex());
    assertEquals(1, log.lastTerm());
  }

  @Test
  void upToDateComparesLastTermThenIndex() {
    RaftLog log = log(1, 2, 2);
    assertTrue(log.isUpToDate(3, 1));
    assertTrue(log.isUpToDate(2, 3));
    assertFalse(log.isUpToDate(2, 2));
    assertFalse(log.isUpToDate(1, 100));
  }

  @Test
  void termRunsForConflictHints() {
    RaftLog log = log(1, 1, 3, 3, 3, 4);
    assertEquals(3, log.firstIndexOfTermAt(5));
    assertEquals(1, log.firstIndexOfTermAt(2));
    assertEquals(5, log.lastIndexOfTerm(3));
    assertEquals(0, log.lastIndexOfTerm(2));
    assertEquals(6, log.lastIndexOfTerm(4));
  }

  @Test
  void compactionKeepsTheTermOfTheLastCompactedEntry() {
    RaftLog log = log(1, 1, 2, 2, 3);
    log.compactTo(3, 2);
    assertEquals(4, log.firstIndex());
    assertEquals(5, log.lastIndex());
    assertEquals(2, log.termAt(3));
    assertEquals(-1, log.termAt(2));
    assertThrows(IndexOutOfBoundsException.class, () -> log.slice(3, 1, 100));
    assertThrows(IllegalArgumentException.class, () -> log.truncateFrom(3));
  }

  @Test
  void restoreSnapshotKeepsAMatchingSuffixOnly() {
    RaftLog keep = log(1, 1, 2, 2, 3);
    keep.restoreSnapshot(3, 2);
    assertEquals(5, keep.lastIndex());
    assertEquals(4, keep.firstIndex());

    RaftLog replace = log(1, 1, 2, 2, 3);
    replace.restoreSnapshot(3, 9);
    assertEquals(3, replace.lastIndex());
    assertEquals(9, replace.lastTerm());
  }
}
