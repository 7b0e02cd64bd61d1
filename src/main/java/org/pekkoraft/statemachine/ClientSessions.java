package org.pekkoraft.statemachine;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client sessions for exactly-once commands (Raft dissertation section 6.3), part of the replicated state.
 *
 * <p>A session is opened by a RegisterClient entry and identified by its index. Each command carries (clientId,
 * sequence); the result of every sequence number the client has not acknowledged is kept, so a retry returns the
 * first result instead of applying again. Expiry is deterministic: time here is the leader-stamped timestamp of
 * the entries applied (never a replica's own clock), and beyond {@code maxSessions} the least recently used
 * session goes. A command for an expired session is refused, because nobody can tell whether it applied before.
 * A session keeps at most {@code maxResultsPerSession} unacknowledged results; a retry of one it had to forget is
 * refused the same way, never applied again.
 */
final class ClientSessions {

  /**
   * The default bound on a session's unacknowledged results, which keeps a client that never acknowledges from
   * holding unbounded memory. RaftClient keeps fewer requests than this in flight per session.
   */
  public static final int DEFAULT_MAX_RESULTS_PER_SESSION = 1024;

  enum Status { NEW, DUPLICATE, EXPIRED, ACKNOWLEDGED, FORGOTTEN }

  record Lookup(Status status, byte[] cachedResult) {}

  private static final class Session {
    long lastActive;
    long firstUnacknowledged;
    /** The highest sequence number whose result was dropped for room while unacknowledged; 0 if none. */
    long forgottenUpTo;
    final TreeMap<Long, byte[]> results = new TreeMap<>();
  }

  private final int maxSessions;
  private final int maxResultsPerSession;
  private final long expireAfterMillis;
  /** Iteration order is least recently used first; it is part of the state and of snapshots. */
  private final LinkedHashMap<Long, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);
  private long now;

  ClientSessions(int maxSessions, long expireAfterMillis, int maxResultsPerSession) {
    if (maxResultsPerSession < 1) {
      throw new IllegalArgumentException("maxResultsPerSession must be positive, was " + maxResultsPerSession);
    }
    this.maxSessions = maxSessions;
    this.maxResultsPerSession = maxResultsPerSession;
    this.expireAfterMillis = expireAfterMillis;
  }

  int size() {
    return sessions.size();
  }

  void register(long clientId, long timestamp) {
    advance(timestamp);
    Session s = new Session();
    s.lastActive = now;
    sessions.put(clientId, s);
    while (sessions.size() > maxSessions) {
      Iterator<Long> eldest = sessions.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  Lookup begin(long clientId, long sequence, long firstUnacknowledged, long timestamp) {
    advance(timestamp);
    Session s = sessions.get(clientId);
    if (s == null) {
      return new Lookup(Status.EXPIRED, null);
    }
    s.lastActive = now;
    if (firstUnacknowledged > s.firstUnacknowledged) {
      s.firstUnacknowledged = firstUnacknowledged;
      s.results.headMap(firstUnacknowledged).clear();
    }
    if (sequence < s.firstUnacknowledged) {
      return new Lookup(Status.ACKNOWLEDGED, null);
    }
    byte[] cached = s.results.get(sequence);
    if (cached != null) {
      return new Lookup(Status.DUPLICATE, cached);
    }
    // Below the forgotten mark a missing result may have been dropped for room: applying again could undo a later
    // acknowledged command. (One that never applied is refused too, which is safe: its outcome is just unknown.)
    return sequence <= s.forgottenUpTo ? new Lookup(Status.FORGOTTEN, null) : new Lookup(Status.NEW, null);
  }

  void complete(long clientId, long sequence, byte[] result) {
    Session s = sessions.get(clientId);
    s.results.put(sequence, result);
    while (s.results.size() > maxResultsPerSession) {
      s.forgottenUpTo = Math.max(s.forgottenUpTo, s.results.pollFirstEntry().getKey());
    }
  }

  /** Leader timestamps may go back when leadership moves between clocks; replicated time never does. */
  private void advance(long timestamp) {
    if (timestamp > now) {
      now = timestamp;
    }
    Iterator<Map.Entry<Long, Session>> it = sessions.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Session> e = it.next();
      if (now - e.getValue().lastActive <= expireAfterMillis) {
        break;
      }
      it.remove();
    }
  }

  void writeTo(DataOutputStream out) throws IOException {
    out.writeLong(now);
    out.writeInt(sessions.size());
    for (Map.Entry<Long, Session> e : sessions.entrySet()) {
      Session s = e.getValue();
      out.writeLong(e.getKey());
      out.writeLong(s.lastActive);
      out.writeLong(s.firstUnacknowledged);
      out.writeLong(s.forgottenUpTo);
      out.writeInt(s.results.size());
      for (Map.Entry<Long, byte[]> r : s.results.entrySet()) {
        out.writeLong(r.getKey());
        out.writeInt(r.getValue().length);
        out.write(r.getValue());
      }
    }
  }

  /**
   * Replaces the sessions with what {@link #writeTo} wrote; format 1 had no forgotten mark. Counts and lengths are
   * checked against the bytes that remain, so a corrupt snapshot fails with an IllegalArgumentException before it
   * can make this allocate more than in proportion to its size.
   */
  void readFrom(BoundedReader in, int format) {
    sessions.clear();
    now = in.readLong();
    int count = in.readCount(format >= 2 ? 4 * 8 + 4 : 3 * 8 + 4);
    for (int i = 0; i < count; i++) {
      long clientId = in.readLong();
      Session s = new Session();
      s.lastActive = in.readLong();
      s.firstUnacknowledged = in.readLong();
      s.forgottenUpTo = format >= 2 ? in.readLong() : 0;
      int results = in.readCount(8 + 4);
      for (int r = 0; r < results; r++) {
        long seq = in.readLong();
        s.results.put(seq, in.readBytes());
      }
      sessions.put(clientId, s);
    }
  }
}
