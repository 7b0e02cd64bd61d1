package org.pekkoraft.core;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.pekkoraft.core.RaftMessage.AppendEntries;
import org.pekkoraft.core.RaftMessage.AppendEntriesResult;
import org.pekkoraft.core.RaftMessage.InstallSnapshot;
import org.pekkoraft.core.RaftMessage.InstallSnapshotResult;

/**
 * How a server accepts the leader's log: the AppendEntries consistency check and repair (rule 5), and snapshots
 * sent in chunks (section 7). Called with the message's term equal to currentTerm, after the server has
 * recognised the sender as leader.
 *
 * <p>Every reply is sent only after the entries it acknowledges are durable (rule 1): the outcome marks it
 * {@code afterDurable}.
 */
final class Follower {

  /** The most a snapshot's buffer is sized for before its bytes arrive; it grows with the chunks received. */
  private static final int PRESIZE_BYTES = 1 << 20;

  private final Raft raft;
  /** A snapshot being received: the chunks so far, for one (index, term, checksum) only. */
  private ByteArrayOutputStream partial;
  private InstallSnapshot partialHeader;

  Follower(Raft raft) {
    this.raft = raft;
  }

  void onAppendEntries(AppendEntries m) {
    RaftLog log = raft.log();
    long commitIndex = raft.commitIndex();
    long prevLogIndex = m.prevLogIndex();
    long prevLogTerm = m.prevLogTerm();
    List<LogEntry> entries = m.entries();

    // Entries up to commitIndex are committed, so they already match any current leader's log (Leader
    // Completeness): skip them rather than check them, which also covers a prefix we compacted into a snapshot.
    if (prevLogIndex < commitIndex) {
      int skip = (int) Math.min(entries.size(), commitIndex - prevLogIndex);
      if (skip > 0) {
        prevLogTerm = entries.get(skip - 1).term();
        entries = entries.subList(skip, entries.size());
        prevLogIndex += skip;
      }
      if (prevLogIndex < commitIndex) {
        reply(m, AppendEntriesResult.success(raft.currentTerm(), raft.id(), commitIndex, m.seq()));
        return;
      }
    }

    if (!log.matches(prevLogIndex, prevLogTerm)) {
      long conflictTerm;
      long conflictIndex;
      if (prevLogIndex > log.lastIndex()) {
        conflictTerm = 0;
        conflictIndex = log.lastIndex() + 1;
      } else {
        conflictTerm = log.termAt(prevLogIndex);
        conflictIndex = Math.max(log.firstIndexOfTermAt(prevLogIndex), commitIndex + 1);
      }
      reply(m, AppendEntriesResult.rejected(raft.currentTerm(), raft.id(), m.prevLogIndex(), conflictTerm,
          conflictIndex, m.seq()));
      return;
    }

    int firstNew = 0;
    while (firstNew < entries.size()) {
      LogEntry entry = entries.get(firstNew);
      if (entry.index() > log.lastIndex()) {
        break;
      }
      if (log.termAt(entry.index()) != entry.term()) {
        raft.truncateLog(entry.index());
        break;
      }
      firstNew++;
    }
    raft.appendEntries(entries.subList(firstNew, entries.size()));

    long lastNewIndex = prevLogIndex + entries.size();
    if (m.leaderCommit() > commitIndex) {
      raft.advanceCommitIndex(Math.min(m.leaderCommit(), lastNewIndex));
    }
    reply(m, AppendEntriesResult.success(raft.currentTerm(), raft.id(), lastNewIndex, m.seq()));
    if (m.quiesce() && raft.commitIndex() >= m.leaderCommit()) {
      raft.quiescence().quiesceFollower();
    }
  }

  /**
   * Accepts the chunks of a snapshot in order. A chunk at an unexpected offset is answered with the offset we
   * need, so a lost chunk is resent rather than the whole snapshot. A chunk of a different snapshot starts over.
   * Only a complete snapshot whose checksum matches replaces the state. The size the leader announces is not
   * trusted with memory: a snapshot over {@code maxSnapshotBytes} is refused at its first chunk, and a chunk that
   * would run past the announced size discards the transfer.
   */
  void onInstallSnapshot(InstallSnapshot m) {
    long term = raft.currentTerm();
    if (m.lastIncludedIndex() <= raft.commitIndex()) {
      // We already have everything it covers; tell the leader where our log really stands.
      raft.out().send(m.from(), new InstallSnapshotResult(term, raft.id(), m.lastIncludedIndex(), m.totalSize(),
          true));
      return;
    }
    if (partialHeader == null || !sameSnapshot(partialHeader, m)) {
      if (m.offset() != 0) {
        raft.out().send(m.from(), new InstallSnapshotResult(term, raft.id(), m.lastIncludedIndex(), 0, false));
        return;
      }
      if (m.totalSize() < 0 || m.totalSize() > raft.options().maxSnapshotBytes()) {
        raft.out().send(m.from(), new InstallSnapshotResult(term, raft.id(), m.lastIncludedIndex(), 0, false));
        return;
      }
      partialHeader = m;
      partial = new ByteArrayOutputStream((int) Math.min(m.totalSize(), PRESIZE_BYTES));
    }
    if (m.offset() != partial.size()) {
      raft.out().send(m.from(), new InstallSnapshotResult(term, raft.id(), m.lastIncludedIndex(), partial.size(),
          false));
      return;
    }
    if (partial.size() + (long) m.data().length > partialHeader.totalSize()) {
      // More bytes than the snapshot has: corrupt or mixed chunks; start the transfer again from the first byte.
      partial = null;
      partialHeader = null;
      raft.out().send(m.from(), new InstallSnapshotResult(term, raft.id(), m.lastIncludedIndex(), 0, false));
      return;
    }
    partial.write(m.data(), 0, m.data().length);
    if (!m.done()) {
      // Speaks for nothing on disk but the term, which this very message may just have raised: like every answer, it
      // waits for what was persisted before it (at once when nothing was).
      raft.out().send(m.from(), new InstallSnapshotResult(term, raft.id(), m.lastIncludedIndex(), partial.size(),
          false));
      return;
    }
    byte[] data = partial.toByteArray();
    InstallSnapshot header = partialHeader;
    partial = null;
    partialHeader = null;
    if (data.length != header.totalSize() || Snapshot.checksum(data, data.length) != header.checksum()) {
      // Corrupt or mixed chunks: start the transfer again from the first byte.
      raft.out().send(m.from(), new InstallSnapshotResult(term, raft.id(), m.lastIncludedIndex(), 0, false));
      return;
    }
    raft.installSnapshot(new Snapshot(
        new SnapshotMeta(header.lastIncludedIndex(), header.lastIncludedTerm(), header.configuration()), data));
    raft.out().send(m.from(), new InstallSnapshotResult(term, raft.id(), m.lastIncludedIndex(), data.length, true));
  }

  /** True while chunks of a snapshot have arrived but not its last one. */
  boolean receivingSnapshot() {
    return partialHeader != null;
  }

  private static boolean sameSnapshot(InstallSnapshot a, InstallSnapshot b) {
    return a.lastIncludedIndex() == b.lastIncludedIndex() && a.lastIncludedTerm() == b.lastIncludedTerm()
        && a.checksum() == b.checksum() && a.totalSize() == b.totalSize();
  }

  private void reply(AppendEntries m, AppendEntriesResult result) {
    raft.out().send(m.from(), result);
  }
}
