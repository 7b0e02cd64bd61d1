package org.pekkoraft.statemachine;

import java.io.DataInputStream;
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
 */
final class ClientSessions {

  /** Keeps a client that never acknowledges from holding unbounded results. */
  static final int MAX_RESULTS_PER_SESSION = 1024;

  enum Status { NEW, DUPLICATE, EXPIRED, ACKNOWLEDGED }

  record Lookup(Status status, byte[] cachedResult) {}

  private static final class Session {
    long lastActive;
    long firstUnacknowledged;
    final TreeMap<Long, byte[]> results = new TreeMap<>();
  }

  private final int maxSessions;
  private final long expireAfterMillis;
  /** Iteration order is least recently used first; it is part of the state and of snapshots. */
  private final LinkedHashMap<Long, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);
  private long now;

  ClientSessions(int maxSessions, long expireAfterMillis) {
    this.maxSessions = maxSessions;
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
    return cached != null ? new Lookup(Status.DUPLICATE, cached) : new Lookup(Status.NEW, null);
  }

  void complete(long clientId, long sequence, byte[] result) {
    Session s = sessions.get(clientId);
    s.results.put(sequence, result);
    while (s.results.size() > MAX_RESULTS_PER_SESSION) {
      s.results.pollFirstEntry();
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
      out.writeInt(s.results.size());
      for (Map.Entry<Long, byte[]> r : s.results.entrySet()) {
        out.writeLong(r.getKey());
        out.writeInt(r.getValue().length);
        out.write(r.getValue());
      }
    }
  }

  void readFrom(DataInputStream in) throws IOException {
    sessions.clear();
    now = in.readLong();
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      long clientId = in.readLong();
      Session s = new Session();
      s.lastActive = in.readLong();
      s.firstUnacknowledged = in.readLong();
      int results = in.readInt();
      for (int r = 0; r < results; r++) {
        long seq = in.readLong();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        s.results.put(seq, bytes);
      }
      sessions.put(clientId, s);
    }
  }
}
