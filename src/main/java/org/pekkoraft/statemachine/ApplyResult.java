package org.pekkoraft.statemachine;

/** What applying one log entry produced for the client that proposed it. */
public sealed interface ApplyResult {

  /** Nothing to answer: a no-op or a configuration entry. */
  record None() implements ApplyResult {}

  /** The state machine's result, encoded; for a retried command, the result of its first application. */
  record Success(byte[] result) implements ApplyResult {}

  /** A session was opened; {@code clientId} identifies it in later commands. */
  record Registered(long clientId) implements ApplyResult {}

  /** The command was not applied, for {@code reason}; identical on every replica. */
  record Failure(Reason reason, String message) implements ApplyResult {}

  enum Reason {
    /** The session expired or never existed; the command was not applied and the client cannot tell if an earlier
     * attempt was. */
    SESSION_EXPIRED,
    /** The command could not be decoded or the state machine rejected it. */
    REJECTED,
    /**
     * A retry of a command whose result the session no longer holds (more of the client's commands were unanswered
     * than the session keeps): it was not applied now, and whether an earlier attempt applied is unknown.
     */
    RESULT_FORGOTTEN
  }

  ApplyResult NONE = new None();
}
