package org.pekkoraft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pekkoraft.protocol.BatchedWrite;
import org.pekkoraft.protocol.ClientResponse;

/** How writes are grouped into batches, and what happens to each write's answer, with a scripted sender. */
class WriteBatcherTest {

  private static final long LATER = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);

  /** A batch the batcher sent, answered by the test. */
  private record Sent(long clientId, List<BatchedWrite> writes, long deadline,
      CompletableFuture<ClientResponse> answer) {

    List<Long> sequences() {
      return writes.stream().map(BatchedWrite::sequence).toList();
    }
  }

  private final List<Sent> sent = new ArrayList<>();

  private WriteBatcher batcher(int maxInFlight, int maxWrites, long maxBytes) {
    return new WriteBatcher(maxInFlight, maxWrites, maxBytes, (clientId, writes, deadline) -> {
      CompletableFuture<ClientResponse> answer = new CompletableFuture<>();
      sent.add(new Sent(clientId, writes, deadline, answer));
      return answer;
    });
  }

  private static WriteBatcher.Pending write(long clientId, long sequence, int bytes, long deadline) {
    return new WriteBatcher.Pending(clientId, sequence, new byte[bytes], deadline, new CompletableFuture<>());
  }

  private static ClientResponse ok(int i) {
    return new ClientResponse.Ok(new byte[] {(byte) i});
  }

  @Test
  void aLoneWriteLeavesAtOnceAndWritesSubmittedWhileBatchesAreOutLeaveTogether() {
    WriteBatcher b = batcher(2, 100, 1000);
    List<WriteBatcher.Pending> writes = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      writes.add(write(7, i, 10, LATER));
      b.submit(writes.get(i - 1));
    }
    assertEquals(2, sent.size(), "two batches in flight at most");
    assertEquals(List.of(1L), sent.get(0).sequences());
    assertEquals(List.of(2L), sent.get(1).sequences());

    sent.get(0).answer().complete(new ClientResponse.Batch(List.of(ok(1))));
    assertEquals(ok(1), writes.get(0).answer().join());
    assertEquals(3, sent.size());
    assertEquals(List.of(3L, 4L, 5L, 6L), sent.get(2).sequences(), "everything queued meanwhile, as one batch");
    assertEquals(7, sent.get(2).clientId());
  }

  @Test
  void aBatchHoldsAtMostTheWriteAndByteLimitsAndOneSessionButALargeWriteStillGoes() {
    WriteBatcher b = batcher(1, 3, 100);
    b.submit(write(1, 1, 10, LATER));
    for (int i = 2; i <= 5; i++) {
      b.submit(write(1, i, 10, LATER));
    }
    b.submit(write(1, 6, 500, LATER));
    b.submit(write(2, 7, 10, LATER));
    List<List<Long>> batches = new ArrayList<>();
    while (sent.size() > batches.size()) {
      Sent s = sent.get(batches.size());
      batches.add(s.sequences());
      List<ClientResponse> oks = new ArrayList<>();
      s.writes().forEach(w -> oks.add(ok(0)));
      s.answer().complete(new ClientResponse.Batch(oks));
    }
    assertEquals(List.of(List.of(1L), List.of(2L, 3L, 4L), List.of(5L), List.of(6L), List.of(7L)), batches,
        "3 writes at most; 5 cannot share with the 500-byte write; 7 is of another session");
    assertEquals(2, sent.get(4).clientId());
  }

  @Test
  void writesAnsweredNotLeaderOrBusyInABatchGoAgainWithTheNextAndTheOthersAreAnswered() {
    WriteBatcher b = batcher(1, 100, 1000);
    WriteBatcher.Pending first = write(3, 1, 10, LATER);
    WriteBatcher.Pending second = write(3, 2, 10, LATER);
    WriteBatcher.Pending third = write(3, 3, 10, LATER);
    b.submit(first);
    b.submit(second);
    b.submit(third);
    sent.get(0).answer().complete(new ClientResponse.Batch(List.of(ok(1))));
    assertEquals(List.of(2L, 3L), sent.get(1).sequences());

    ClientResponse rejected = new ClientResponse.Rejected("too large");
    sent.get(1).answer().complete(new ClientResponse.Batch(List.of(new ClientResponse.NotLeader(null, null),
        rejected)));
    assertSame(rejected, third.answer().join());
    assertFalse(second.answer().isDone(), "a write whose leader stepped down is not answered 'not leader'");
    assertEquals(List.of(2L), sent.get(2).sequences(), "it goes again, with its sequence number");

    sent.get(2).answer().complete(new ClientResponse.Batch(List.of(new ClientResponse.Busy("full"))));
    assertEquals(List.of(2L), sent.get(3).sequences());
    sent.get(3).answer().complete(new ClientResponse.Batch(List.of(ok(2))));
    assertEquals(ok(2), second.answer().join());
  }

  @Test
  void anAnswerToTheWholeBatchAnswersEachWrite() {
    WriteBatcher b = batcher(1, 100, 1000);
    WriteBatcher.Pending first = write(3, 1, 10, LATER);
    WriteBatcher.Pending second = write(3, 2, 10, LATER);
    b.submit(first);
    b.submit(second);
    sent.get(0).answer().complete(new ClientResponse.SessionExpired("expired"));
    assertEquals(new ClientResponse.SessionExpired("expired"), first.answer().join());
    sent.get(1).answer().complete(new ClientResponse.SessionExpired("expired"));
    assertEquals(new ClientResponse.SessionExpired("expired"), second.answer().join());
  }

  @Test
  void aBatchThatFoundNoLeaderFailsTheWritesWhoseDeadlinePassedAndRetriesTheOthers() {
    WriteBatcher b = batcher(1, 100, 1000);
    WriteBatcher.Pending blocker = write(3, 1, 10, LATER);
    long soon = System.nanoTime() - 1;
    WriteBatcher.Pending expired = write(3, 2, 10, soon);
    WriteBatcher.Pending patient = write(3, 3, 10, LATER);
    b.submit(blocker);
    b.submit(expired);
    b.submit(patient);
    sent.get(0).answer().complete(new ClientResponse.Batch(List.of(ok(1))));
    assertEquals(List.of(2L, 3L), sent.get(1).sequences());
    assertEquals(soon, sent.get(1).deadline(), "a batch gets the earliest deadline of its writes");

    RaftClientException noLeader = new RaftClientException(RaftClientException.Kind.NO_LEADER, "no leader answered");
    sent.get(1).answer().completeExceptionally(noLeader);
    CompletionException failed = assertThrows(CompletionException.class, () -> expired.answer().join());
    assertSame(noLeader, failed.getCause());
    assertFalse(patient.answer().isDone());
    assertEquals(List.of(3L), sent.get(2).sequences(), "a write with time left goes again");

    RaftClientException refused = new RaftClientException(RaftClientException.Kind.REJECTED, "refused");
    sent.get(2).answer().completeExceptionally(refused);
    assertSame(refused, assertThrows(CompletionException.class, () -> patient.answer().join()).getCause(),
        "any other failure is the write's answer");
  }
}
