package org.pekkoraft.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Function;
import org.pekkoraft.core.Ready;
import org.pekkoraft.protocol.ClientResponse;

/**
 * Linearizable reads that need no log entry: those waiting for the core to confirm leadership (ReadIndex, section
 * 6.4), and those confirmed, waiting for the state machine to reach their read index. Answered in read-index order.
 */
final class Reads {

  private record Waiting(byte[] query, ReplyTo replyTo) {}

  private record Confirmed(long readIndex, long order, byte[] query, ReplyTo replyTo) {}

  private final Map<Long, Waiting> waiting = new HashMap<>();
  /** When each broadcast round of the current leadership began, on the host's monotonic clock. */
  private final TreeMap<Long, Long> roundStarted = new TreeMap<>();
  private long roundsTerm = -1;
  private final PriorityQueue<Confirmed> confirmed = new PriorityQueue<>(
      (a, b) -> a.readIndex != b.readIndex ? Long.compare(a.readIndex, b.readIndex) : Long.compare(a.order, b.order));
  private long nextId;

  /**
   * Notes the clock when the leader's broadcast round changes. Called after every input, before the messages of a
   * new round are sent, so the time noted is never later than the round's first message leaving.
   */
  void noteRound(long term, long round, long nanos) {
    if (round < 0 || term != roundsTerm) {
      roundStarted.clear();
      roundsTerm = round < 0 ? -1 : term;
    }
    if (round >= 0 && !roundStarted.containsKey(round)) {
      roundStarted.put(round, nanos);
    }
  }

  /**
   * True when the lease of {@code quorumRound} (the latest round a quorum answered, from the core) still holds at
   * {@code nanos}: less than {@code leaseNanos} since that round began. Forgets older rounds.
   */
  boolean leaseHolds(long quorumRound, long nanos, long leaseNanos) {
    if (quorumRound < 0) {
      return false;
    }
    roundStarted.headMap(quorumRound).clear();
    Long started = roundStarted.get(quorumRound);
    return started != null && nanos - started < leaseNanos;
  }

  /** A read id for the core's {@code readIndex}. */
  long nextId() {
    return ++nextId;
  }

  void awaitConfirmation(long readId, byte[] query, ReplyTo replyTo) {
    waiting.put(readId, new Waiting(query, replyTo));
  }

  /** A read that may be answered once the state machine has applied {@code readIndex}. */
  void confirmed(long readIndex, byte[] query, ReplyTo replyTo) {
    confirmed.add(new Confirmed(readIndex, nextId(), query, replyTo));
  }

  /** Takes in what the core confirmed or gave up on; the given-up reads are answered with {@code notLeader}. */
  void onReady(List<Ready.ReadState> ready, List<Long> rejected, ClientResponse notLeader) {
    for (Ready.ReadState r : ready) {
      Waiting w = waiting.remove(r.readId());
      if (w != null) {
        confirmed.add(new Confirmed(r.readIndex(), r.readId(), w.query(), w.replyTo()));
      }
    }
    for (long readId : rejected) {
      Waiting w = waiting.remove(readId);
      if (w != null) {
        w.replyTo().tell(notLeader);
      }
    }
  }

  /** Answers every confirmed read whose read index is at most {@code lastApplied}, by running its query. */
  void serve(long lastApplied, Function<byte[], byte[]> query) {
    while (!confirmed.isEmpty() && confirmed.peek().readIndex() <= lastApplied) {
      Confirmed read = confirmed.poll();
      read.replyTo().tell(new ClientResponse.Ok(query.apply(read.query())));
    }
  }
}
