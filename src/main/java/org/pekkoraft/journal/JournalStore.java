package org.pekkoraft.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBFactory;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

/**
 * The journal's events in one LevelDB database, for any number of persistence ids, with no Pekko in sight.
 *
 * <p>Layout (all integers big-endian, so keys sort by persistence id, then sequence number):
 * <ul>
 *   <li>{@code 0x10 | u16 id length | id (UTF-8) | u64 sequenceNr} -> the event's bytes;
 *   <li>{@code 0x11 | u16 id length | id} -> u64, the sequence number events were deleted up to, kept so that the
 *       highest sequence number survives deleting every event;
 *   <li>{@code 0xFF "pekko-raft journal"} -> u32 format version, written when the database is created.
 * </ul>
 *
 * <p>Contract: {@link #write} is atomic (one LevelDB write batch) and, with fsync on, durable when it returns. A
 * failure throws {@link org.iq80.leveldb.DBException} or {@link IOException} and the caller must treat the write as
 * lost or not (fail-stop). Not thread-safe: one owner thread.
 */
final class JournalStore implements AutoCloseable {

  static final int FORMAT_VERSION = 1;
  private static final byte EVENT = 0x10;
  private static final byte DELETED_TO = 0x11;
  private static final byte[] FORMAT_KEY = withPrefix((byte) 0xFF, "pekko-raft journal".getBytes(StandardCharsets.UTF_8));
  /** Persistence ids are encoded with a 16-bit length. */
  static final int MAX_ID_BYTES = 0xFFFF;

  /** One event to write: its persistence id, sequence number and encoded bytes. */
  record Event(String persistenceId, long sequenceNr, byte[] bytes) {}

  /** Receives replayed events in sequence-number order. */
  interface Replayed {
    void event(long sequenceNr, byte[] bytes);
  }

  private final DB db;
  private final WriteOptions writeOptions;
  private final WriteOptions deleteOptions = new WriteOptions().sync(false);
  private final ReadOptions readOptions = new ReadOptions().verifyChecksums(true);
  /** The highest sequence number of each persistence id seen since the store opened (written or replayed). */
  private final Map<String, Long> highest = new HashMap<>();
  /** How far {@link #purge} has removed each id's deleted events since the store opened. */
  private final Map<String, Long> purgedTo = new HashMap<>();

  private JournalStore(DB db, boolean fsync) {
    this.db = db;
    this.writeOptions = new WriteOptions().sync(fsync);
  }

  /**
   * Opens (or creates) the journal in {@code dir}.
   *
   * @param nativeLevelDb leveldbjni when true, else the pure-Java port (for machines leveldbjni has no library for)
   * @throws IOException if the directory holds something other than this journal format, e.g. Pekko's own LevelDB
   *     journal, which this format cannot read
   */
  static JournalStore open(Path dir, boolean nativeLevelDb, boolean fsync) throws IOException {
    Files.createDirectories(dir);
    DBFactory factory = nativeLevelDb
        ? org.fusesource.leveldbjni.JniDBFactory.factory
        : org.iq80.leveldb.impl.Iq80DBFactory.factory;
    DB db = factory.open(dir.toFile(), new Options().createIfMissing(true));
    try {
      checkFormat(db, dir);
    } catch (IOException | RuntimeException e) {
      db.close();
      throw e;
    }
    return new JournalStore(db, fsync);
  }

  private static void checkFormat(DB db, Path dir) throws IOException {
    byte[] version = db.get(FORMAT_KEY);
    if (version != null) {
      int found = version.length == 4 ? ByteBuffer.wrap(version).getInt() : -1;
      if (found != FORMAT_VERSION) {
        throw new IOException("the journal in " + dir + " has format version " + found + ", this build reads "
            + FORMAT_VERSION);
      }
      return;
    }
    try (DBIterator it = db.iterator()) {
      it.seekToFirst();
      if (it.hasNext()) {
        throw new IOException(dir + " holds a LevelDB database that is not a pekko-raft journal (perhaps one written"
            + " by Pekko's own LevelDB journal, which earlier pekko-raft builds used); move it away or point"
            + " pekko-raft.data-dir at a new directory");
      }
    }
    db.put(FORMAT_KEY, ByteBuffer.allocate(4).putInt(FORMAT_VERSION).array(), new WriteOptions().sync(true));
  }

  /** Writes every event in one atomic batch; durable on return when fsync is on. */
  void write(List<Event> events) throws IOException {
    try (WriteBatch batch = db.createWriteBatch()) {
      for (Event e : events) {
        batch.put(eventKey(e.persistenceId(), e.sequenceNr()), e.bytes());
      }
      db.write(batch, writeOptions);
    }
    for (Event e : events) {
      highest.merge(e.persistenceId(), e.sequenceNr(), Math::max);
    }
  }

  /**
   * Replays the events of {@code persistenceId} with sequence numbers in [{@code from}, {@code to}], at most
   * {@code max} of them, in order, and returns the highest sequence number ever written for it (deleted events
   * included; 0 if none). One forward pass: LevelDB's pure-Java port cannot iterate backwards.
   */
  long replay(String persistenceId, long from, long to, long max, Replayed out) throws IOException {
    long deletedTo = deletedTo(persistenceId);
    long start = Math.max(Math.max(1, from), deletedTo + 1);
    long last = scan(persistenceId, start, (sequenceNr, bytes, count) -> {
      if (sequenceNr <= to && count < max) {
        out.event(sequenceNr, bytes);
        return true;
      }
      return false;
    });
    if (last == 0 && start > deletedTo + 1) {
      // Nothing at or after `from`: the highest may lie before it (events a journal snapshot covers, not deleted yet).
      last = scan(persistenceId, deletedTo + 1, (sequenceNr, bytes, count) -> false);
    }
    long found = Math.max(last, deletedTo);
    highest.put(persistenceId, found);
    return found;
  }

  /** The highest sequence number ever written for {@code persistenceId}, deleted events included; 0 if none. */
  long highestSequenceNr(String persistenceId) throws IOException {
    Long known = highest.get(persistenceId);
    return known != null ? known : replay(persistenceId, 1, 0, 0, (sequenceNr, bytes) -> { });
  }

  private interface Visitor {
    /** Returns whether the event counted as delivered. */
    boolean visit(long sequenceNr, byte[] bytes, long delivered);
  }

  /** Visits every event of the id from {@code from} on; returns the last sequence number seen, 0 if none. */
  private long scan(String persistenceId, long from, Visitor visitor) {
    byte[] prefix = idPrefix(EVENT, persistenceId);
    long last = 0;
    long delivered = 0;
    try (DBIterator it = db.iterator(readOptions)) {
      it.seek(eventKey(persistenceId, from));
      while (it.hasNext()) {
        Map.Entry<byte[], byte[]> entry = it.next();
        byte[] key = entry.getKey();
        if (!startsWith(key, prefix)) {
          break;
        }
        last = sequenceNrOf(key);
        if (visitor.visit(last, entry.getValue(), delivered)) {
          delivered++;
        }
      }
    } catch (IOException e) {
      throw new org.iq80.leveldb.DBException(e);
    }
    return last;
  }

  /**
   * Deletes the events of {@code persistenceId} up to {@code to} (inclusive), logically: one small write of the
   * deletion mark, which replays and the highest sequence number honour from then on; {@link #purge} removes the
   * events themselves later, a few at a time, so that a large deletion never holds up the writes behind it. Not
   * synced: LevelDB applies a batch whole or not at all, and a lost deletion only leaves events that a journal
   * snapshot covers.
   */
  void deleteTo(String persistenceId, long to) throws IOException {
    long deletedTo = deletedTo(persistenceId);
    long upTo = Math.min(to, highestSequenceNr(persistenceId));
    if (upTo <= deletedTo) {
      return;
    }
    db.put(idPrefix(DELETED_TO, persistenceId), ByteBuffer.allocate(8).putLong(upTo).array(), deleteOptions);
  }

  /**
   * Removes up to {@code maxEvents} events of {@code persistenceId} that {@link #deleteTo} marked deleted, in one
   * unsynced batch.
   *
   * @return true if marked events remain
   */
  boolean purge(String persistenceId, int maxEvents) throws IOException {
    long deletedTo = deletedTo(persistenceId);
    long from = purgedTo.getOrDefault(persistenceId, 0L) + 1;
    if (from > deletedTo) {
      return false;
    }
    byte[] prefix = idPrefix(EVENT, persistenceId);
    long last = from - 1;
    int removed = 0;
    boolean more = false;
    try (WriteBatch batch = db.createWriteBatch(); DBIterator it = db.iterator()) {
      it.seek(eventKey(persistenceId, from));
      while (it.hasNext()) {
        byte[] key = it.next().getKey();
        if (!startsWith(key, prefix) || sequenceNrOf(key) > deletedTo) {
          break;
        }
        if (removed == maxEvents) {
          more = true;
          break;
        }
        batch.delete(key);
        last = sequenceNrOf(key);
        removed++;
      }
      if (removed > 0) {
        db.write(batch, deleteOptions);
      }
    }
    purgedTo.put(persistenceId, more ? last : deletedTo);
    return more;
  }

  /** The events of {@code persistenceId} physically in the database, deleted-but-not-purged ones included. */
  long storedEvents(String persistenceId) {
    long[] count = {0};
    scan(persistenceId, 1, (sequenceNr, bytes, delivered) -> {
      count[0]++;
      return false;
    });
    return count[0];
  }

  private long deletedTo(String persistenceId) throws IOException {
    byte[] value = db.get(idPrefix(DELETED_TO, persistenceId), readOptions);
    if (value == null) {
      return 0;
    }
    if (value.length != 8) {
      throw new IOException("corrupt journal: the deletion mark of " + persistenceId + " has " + value.length
          + " bytes, not 8");
    }
    return ByteBuffer.wrap(value).getLong();
  }

  @Override
  public void close() throws IOException {
    db.close();
  }

  static byte[] eventKey(String persistenceId, long sequenceNr) {
    byte[] prefix = idPrefix(EVENT, persistenceId);
    return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(sequenceNr).array();
  }

  private static byte[] idPrefix(byte kind, String persistenceId) {
    byte[] id = persistenceId.getBytes(StandardCharsets.UTF_8);
    if (id.length > MAX_ID_BYTES) {
      throw new IllegalArgumentException("persistence id longer than " + MAX_ID_BYTES + " bytes: "
          + persistenceId.substring(0, 40) + "...");
    }
    return ByteBuffer.allocate(3 + id.length).put(kind).putShort((short) id.length).put(id).array();
  }

  private static byte[] withPrefix(byte kind, byte[] rest) {
    return ByteBuffer.allocate(1 + rest.length).put(kind).put(rest).array();
  }

  private static long sequenceNrOf(byte[] key) {
    return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length != prefix.length + 8) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
