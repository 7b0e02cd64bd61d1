package org.pekkoraft.client;

/** Why a request failed. {@link #outcomeUnknown()} tells whether a write might still have been applied. */
public class RaftClientException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of failure. */
  public enum Kind {
    /** No leader answered within the deadline; a write may or may not have been applied. */
    NO_LEADER,
    /** A node refused the request (too large, malformed, invalid change); nothing was applied. */
    REJECTED,
    /** The session expired; this write was not applied, an earlier attempt of it may have been. */
    SESSION_EXPIRED,
    /** An operator request was started but its leader lost leadership before it completed. */
    OUTCOME_UNKNOWN
  }

  private final Kind kind;

  public RaftClientException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public boolean outcomeUnknown() {
    return kind != Kind.REJECTED;
  }
}
