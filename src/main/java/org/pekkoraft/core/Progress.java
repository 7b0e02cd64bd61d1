package org.pekkoraft.core;

/**
 * The leader's view of one follower: nextIndex and matchIndex (Figure 2) plus how to send to it.
 *
 * <ul>
 *   <li>{@code PROBE}: we do not know where its log matches ours; one AppendEntries at a time, resent each
 *       heartbeat, backing up by the follower's hint on each rejection.
 *   <li>{@code REPLICATE}: its log matches up to matchIndex; AppendEntries are pipelined, nextIndex advancing as
 *       they are sent, with at most {@link RaftOptions#maxInflightAppends()} unacknowledged at once.
 *   <li>{@code SNAPSHOT}: the entries it needs are compacted; a snapshot is being sent in chunks.
 * </ul>
 */
final class Progress {

  enum State { PROBE, REPLICATE, SNAPSHOT }

  long nextIndex;
  long matchIndex;
  State state = State.PROBE;
  /** PROBE: an AppendEntries is out and unanswered; cleared by its answer or by the next heartbeat. */
  boolean probeSent;
  /** Heard from in the current check-quorum period (section 6.2). */
  boolean recentActive;
  /** The highest broadcast sequence number this follower echoed in the current term (ReadIndex). */
  long ackedSeq;

  /** Last indexes of the unacknowledged AppendEntries in REPLICATE, oldest first (a ring buffer). */
  private final long[] inflight;
  private int inflightStart;
  private int inflightCount;

  /**
   * SNAPSHOT: which snapshot is being sent, the next byte to send, the bytes the follower confirmed, whether the last
   * chunk has been sent since the last rewind, the offset last rewound to on a gap the follower reported (-1: none),
   * and the heartbeats since the follower last confirmed more bytes.
   */
  Snapshot snapshot;
  long snapshotSentOffset;
  long snapshotAckedOffset;
  boolean snapshotDoneSent;
  long snapshotRewoundTo = -1;
  int snapshotIdleTicks;

  Progress(long nextIndex, int maxInflight) {
    this.nextIndex = nextIndex;
    this.inflight = new long[maxInflight];
  }

  void becomeProbe() {
    state = State.PROBE;
    probeSent = false;
    clearInflight();
    snapshot = null;
  }

  void becomeReplicate() {
    state = State.REPLICATE;
    nextIndex = matchIndex + 1;
    clearInflight();
  }

  void becomeSnapshot(Snapshot toSend) {
    state = State.SNAPSHOT;
    clearInflight();
    snapshot = toSend;
    snapshotSentOffset = 0;
    snapshotAckedOffset = 0;
    snapshotDoneSent = false;
    snapshotRewoundTo = -1;
    snapshotIdleTicks = 0;
  }

  /** SNAPSHOT: send again from {@code offset}, which the follower needs next. */
  void rewindSnapshot(long offset) {
    snapshotSentOffset = offset;
    snapshotDoneSent = false;
  }

  /** Records a success for everything up to {@code index}; returns true if matchIndex advanced. */
  boolean acknowledge(long index) {
    boolean advanced = index > matchIndex;
    if (advanced) {
      matchIndex = index;
    }
    nextIndex = Math.max(nextIndex, matchIndex + 1);
    while (inflightCount > 0 && inflight[inflightStart] <= index) {
      inflightStart = (inflightStart + 1) % inflight.length;
      inflightCount--;
    }
    return advanced;
  }

  /** True when no AppendEntries with entries is out unacknowledged. */
  boolean inflightEmpty() {
    return inflightCount == 0;
  }

  boolean inflightFull() {
    return inflightCount == inflight.length;
  }

  void sent(long lastIndex) {
    inflight[(inflightStart + inflightCount) % inflight.length] = lastIndex;
    inflightCount++;
    nextIndex = lastIndex + 1;
  }

  private void clearInflight() {
    inflightStart = 0;
    inflightCount = 0;
  }

  @Override
  public String toString() {
    return state + " next=" + nextIndex + " match=" + matchIndex + " inflight=" + inflightCount;
  }
}
