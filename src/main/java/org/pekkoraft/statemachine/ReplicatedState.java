package org.pekkoraft.statemachine;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.pekkoraft.core.LogEntry;

/**
 * Everything a replica derives from the committed log: the user's state machine plus the client sessions that make
 * retried commands apply once. Applies entries in index order, takes and restores snapshots of both together.
 */
public final class ReplicatedState<C, R> {

  /** 2 added each session's forgotten-results mark; format 1 still reads. */
  private static final int SNAPSHOT_FORMAT = 2;

  private final StateMachine<C, R> machine;
  private final int maxSessions;
  private final long sessionExpiryMillis;
  private final int maxResultsPerSession;
  /** Replaced as a whole by {@link #restore}, so that a snapshot that fails to read leaves the state as it was. */
  private ClientSessions sessions;

  public ReplicatedState(StateMachine<C, R> machine, int maxSessions, long sessionExpiryMillis) {
    this(machine, maxSessions, sessionExpiryMillis, ClientSessions.DEFAULT_MAX_RESULTS_PER_SESSION);
  }

  /** @param maxResultsPerSession unacknowledged results kept per session; every replica must use the same */
  public ReplicatedState(StateMachine<C, R> machine, int maxSessions, long sessionExpiryMillis,
      int maxResultsPerSession) {
    this.machine = machine;
    this.maxSessions = maxSessions;
    this.sessionExpiryMillis = sessionExpiryMillis;
    this.maxResultsPerSession = maxResultsPerSession;
    this.sessions = new ClientSessions(maxSessions, sessionExpiryMillis, maxResultsPerSession);
  }

  /** The default number of unacknowledged results a session keeps. */
  public static int defaultMaxResultsPerSession() {
    return ClientSessions.DEFAULT_MAX_RESULTS_PER_SESSION;
  }

  public StateMachine<C, R> machine() {
    return machine;
  }

  public int sessionCount() {
    return sessions.size();
  }

  /**
   * Checks that {@code command} decodes and that the state machine takes it ({@link StateMachine#validate}), so that
   * a malformed or invalid command is refused before it reaches the log.
   */
  public void validate(byte[] command) {
    machine.validate(machine.commandCodec().decode(command));
  }

  /** Applies one committed entry. Must be called for every entry, in index order, exactly once. */
  public ApplyResult apply(LogEntry entry) {
    if (entry instanceof LogEntry.RegisterClient r) {
      sessions.register(r.index(), r.timestamp());
      return new ApplyResult.Registered(r.index());
    }
    if (!(entry instanceof LogEntry.Command c)) {
      return ApplyResult.NONE;
    }
    if (c.clientId() == 0) {
      return run(c);
    }
    ClientSessions.Lookup lookup = sessions.begin(c.clientId(), c.sequence(), c.firstUnacknowledged(), c.timestamp());
    switch (lookup.status()) {
      case DUPLICATE:
        return new ApplyResult.Success(lookup.cachedResult());
      case EXPIRED:
        return new ApplyResult.Failure(ApplyResult.Reason.SESSION_EXPIRED,
            "session " + c.clientId() + " has expired; the command was not applied");
      case ACKNOWLEDGED:
        return new ApplyResult.Failure(ApplyResult.Reason.REJECTED,
            "command " + c.sequence() + " of session " + c.clientId() + " was already answered");
      case FORGOTTEN:
        return new ApplyResult.Failure(ApplyResult.Reason.RESULT_FORGOTTEN,
            "command " + c.sequence() + " of session " + c.clientId() + " is older than the results the session"
                + " keeps (too many of its commands were unanswered at once): it was not applied now, and may or"
                + " may not have applied before");
      default:
        ApplyResult result = run(c);
        if (result instanceof ApplyResult.Success s) {
          sessions.complete(c.clientId(), c.sequence(), s.result());
        }
        return result;
    }
  }

  /** Answers a read-only query; throws {@link IllegalArgumentException} if it does not decode. */
  public byte[] query(byte[] query) {
    C decoded = machine.commandCodec().decode(query);
    return machine.resultCodec().encode(machine.query(decoded));
  }

  public byte[] snapshot() {
    return snapshotView().get();
  }

  /**
   * The sessions and the state as they are now, written when the supplier is called (on any thread): the sessions
   * are written here, the state machine's part as {@link StateMachine#snapshotView} defers it.
   */
  public Supplier<byte[]> snapshotView() {
    byte[] sessionBytes;
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(SNAPSHOT_FORMAT);
      sessions.writeTo(out);
      out.flush();
      sessionBytes = bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Supplier<byte[]> machineView = machine.snapshotView();
    return () -> {
      byte[] state = machineView.get();
      ByteBuffer whole = ByteBuffer.allocate(sessionBytes.length + 4 + state.length);
      return whole.put(sessionBytes).putInt(state.length).put(state).array();
    };
  }

  /**
   * Replaces the sessions and the state with a snapshot written by {@link #snapshot}. A corrupt snapshot throws
   * IllegalArgumentException without allocating more than in proportion to its size (every count and length is
   * checked against the bytes that remain) and, if the state machine's own restore is atomic, without changing
   * anything.
   */
  public void restore(byte[] snapshot) {
    BoundedReader in = new BoundedReader(snapshot);
    int format = in.readInt();
    if (format < 1 || format > SNAPSHOT_FORMAT) {
      throw new IllegalArgumentException("unknown snapshot format " + format);
    }
    ClientSessions restored = new ClientSessions(maxSessions, sessionExpiryMillis, maxResultsPerSession);
    restored.readFrom(in, format);
    byte[] state = in.readBytes();
    in.end();
    machine.restore(state);
    sessions = restored;
  }

  private ApplyResult run(LogEntry.Command c) {
    C command;
    try {
      command = machine.commandCodec().decode(c.data());
    } catch (RuntimeException e) {
      return new ApplyResult.Failure(ApplyResult.Reason.REJECTED, "malformed command: " + e.getMessage());
    }
    try {
      return new ApplyResult.Success(machine.resultCodec().encode(machine.apply(c.index(), command)));
    } catch (RuntimeException e) {
      return new ApplyResult.Failure(ApplyResult.Reason.REJECTED, "command rejected: " + e.getMessage());
    }
  }
}
