package org.pekkoraft.launcher;

/** The exit codes of {@code bin/raft}; scripts may rely on them. */
public final class ExitCodes {

  /** The command did what was asked (a node or cluster was stopped cleanly; the demo passed). */
  public static final int OK = 0;
  /** The key was not found, a compare-and-set did not match, or the demo failed its checks. */
  public static final int NOT_FOUND = 1;
  /**
   * The cluster refused a membership change or leadership transfer (the reason is printed) and changed nothing.
   * The same code as {@link #NOT_FOUND}: the request reached the leader and was answered, just not with yes.
   */
  public static final int REFUSED = 1;
  /** Bad usage or configuration: nothing was started and nothing was written. */
  public static final int USAGE = 2;
  /** No leader answered within the timeout; a write may or may not have been applied. */
  public static final int NO_LEADER = 3;
  /**
   * A node stopped on its own (e.g. a journal failure, or its seed nodes refused it for an incompatible
   * configuration, such as another peer secret) or could not start.
   */
  public static final int FAILED = 4;

  private ExitCodes() {}
}
