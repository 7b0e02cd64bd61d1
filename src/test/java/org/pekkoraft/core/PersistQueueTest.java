package org.pekkoraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.core.CoreFixture.entry;
import static org.pekkoraft.core.CoreFixture.id;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Group commit and the persist-before-send contract. */
class PersistQueueTest {

  private static Outcome outcome(List<RaftEvent> events, RaftMessage afterDurable, RaftMessage now) {
    Outcome o = new Outcome();
    events.forEach(o::persist);
    if (afterDurable != null) {
      o.send(id("p"), afterDurable);
    }
    if (now != null) {
      o.sendNow(id("p"), now);
    }
    return o;
  }

  private static RaftMessage ack(long index) {
    return RaftMessage.AppendEntriesResult.success(1, id("me"), index, 0);
  }

  @Test
  void eventsArrivingDuringAWriteFormOneBatchWithMergedEntries() {
    PersistQueue q = new PersistQueue();
    q.add(outcome(List.of(new RaftEvent.EntriesAppended(List.of(entry(1, 1)))), null, null));
    PersistQueue.Batch first = q.nextBatch();
    assertNull(q.nextBatch(), "one write at a time");
    for (int i = 2; i <= 50; i++) {
      q.add(outcome(List.of(new RaftEvent.EntriesAppended(List.of(entry(i, 1)))), null, null));
    }
    q.complete(first.id());
    PersistQueue.Batch second = q.nextBatch();
    assertEquals(1, second.events().size(), "49 appends merge into one event");
    assertEquals(49, ((RaftEvent.EntriesAppended) second.events().get(0)).entries().size());
    assertEquals(50, second.lastIndex());
  }

  @Test
  void aMessageWaitsForEverythingBeforeIt() {
    PersistQueue q = new PersistQueue();
    q.add(outcome(List.of(new RaftEvent.TermAdvanced(2)), ack(0), null));
    PersistQueue.Batch first = q.nextBatch();
    q.add(outcome(List.of(), ack(1), null));
    assertTrue(q.takeReady().isEmpty(), "no new events, but the write in flight is not durable yet");
    q.complete(first.id());
    assertEquals(2, q.takeReady().size(), "both are released by the write they waited for");
    assertTrue(q.idle());
  }

  @Test
  void messagesFreeToGoLeaveAtOnceAndAfterDurableOnesLeaveWhenNothingIsPending() {
    PersistQueue q = new PersistQueue();
    q.add(outcome(List.of(new RaftEvent.TermAdvanced(2)), ack(5), ack(6)));
    List<Ready.Outbound> ready = q.takeReady();
    assertEquals(1, ready.size());
    assertEquals(ack(6), ready.get(0).message());
    q.complete(q.nextBatch().id());
    assertEquals(List.of(ack(5)), q.takeReady().stream().map(Ready.Outbound::message).toList(),
        "the write releases what waited for it");
    q.add(outcome(List.of(), ack(7), null));
    assertEquals(List.of(ack(7)), q.takeReady().stream().map(Ready.Outbound::message).toList());
  }
}
