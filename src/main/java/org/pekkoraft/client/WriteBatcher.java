package org.pekkoraft.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.pekkoraft.protocol.BatchedWrite;
import org.pekkoraft.protocol.ClientResponse;

/**
 * Sends a session's writes in batches: while {@code maxInFlight} batches are unanswered, new writes queue, and the
 * writes queued meanwhile leave together as the next batch as soon as one is answered. A lone write leaves at once,
 * so batching costs no latency when there is nothing to batch; under load, one request, one mailbox message and one
 * answer carry many writes instead of one each (the leader then proposes them in one step, too).
 *
 * <p>A batch is one {@link Request}: it follows the leader and retries as a single write would, and every write keeps
 * its session sequence number across retries, so nothing applies twice. A write answered "not leader" or "busy"
 * inside a batch answer (its leader stepped down, or filled up, while the batch was pending) goes back to the
 * queue and leaves with the next batch, within its own deadline. Thread-safe.
 */
final class WriteBatcher {

  /**
   * One write waiting for its answer: its session ({@code clientId}) and sequence number in it, its command, and
   * its deadline on {@link System#nanoTime()}.
   */
  record Pending(long clientId, long sequence, byte[] command, long deadline,
      CompletableFuture<ClientResponse> answer) {}

  /** Sends the writes of one session as one batch request; completes with the node's answer to it. */
  interface Sender {
    CompletableFuture<ClientResponse> send(long clientId, List<BatchedWrite> writes, long deadline);
  }

  private final int maxInFlight;
  private final int maxWrites;
  private final long maxBytes;
  private final Sender sender;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param maxInFlight batches unanswered at once
   * @param maxWrites writes in one batch
   * @param maxBytes command bytes in one batch (a larger single write still goes, alone)
   */
  WriteBatcher(int maxInFlight, int maxWrites, long maxBytes, Sender sender) {
    this.maxInFlight = maxInFlight;
    this.maxWrites = maxWrites;
    this.maxBytes = maxBytes;
    this.sender = sender;
  }

  void submit(Pending write) {
    synchronized (this) {
      queue.add(write);
    }
    drain();
  }

  private void drain() {
    while (true) {
      List<Pending> batch;
      synchronized (this) {
        if (inFlight >= maxInFlight || queue.isEmpty()) {
          return;
        }
        batch = take();
        inFlight++;
      }
      send(batch);
    }
  }

  /** The writes at the head of the queue that fit one batch (at least one), all of one session. Holds the lock. */
  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>();
    long bytes = 0;
    while (!queue.isEmpty() && batch.size() < maxWrites) {
      Pending next = queue.peek();
      if (!batch.isEmpty() && (bytes + next.command().length > maxBytes
          || next.clientId() != batch.get(0).clientId())) {
        break;
      }
      bytes += next.command().length;
      batch.add(queue.poll());
    }
    return batch;
  }

  private void send(List<Pending> batch) {
    long deadline = Long.MAX_VALUE;
    List<BatchedWrite> writes = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      deadline = Math.min(deadline, p.deadline());
      writes.add(new BatchedWrite(p.sequence(), p.command()));
    }
    sender.send(batch.get(0).clientId(), writes, deadline)
        .whenComplete((response, error) -> {
          synchronized (this) {
            inFlight--;
          }
          answer(batch, response, error);
          drain();
        });
  }

  private void answer(List<Pending> batch, ClientResponse response, Throwable error) {
    if (error != null) {
      for (Pending p : batch) {
        if (p.deadline() - System.nanoTime() > 0 && error instanceof RaftClientException e
            && e.kind() == RaftClientException.Kind.NO_LEADER) {
          requeue(p);
        } else {
          p.answer().completeExceptionally(error);
        }
      }
      return;
    }
    if (!(response instanceof ClientResponse.Batch answers) || answers.answers().size() != batch.size()) {
      // The whole batch was answered at once (refused, say): each write gets that answer.
      batch.forEach(p -> p.answer().complete(response));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      ClientResponse one = answers.answers().get(i);
      Pending p = batch.get(i);
      if ((one instanceof ClientResponse.NotLeader || one instanceof ClientResponse.Busy)
          && p.deadline() - System.nanoTime() > 0) {
        requeue(p);
      } else {
        p.answer().complete(one);
      }
    }
  }

  private void requeue(Pending p) {
    synchronized (this) {
      queue.addFirst(p);
    }
  }
}
