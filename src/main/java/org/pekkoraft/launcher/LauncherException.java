package org.pekkoraft.launcher;

/**
 * Ends a subcommand with an exit code and one line for the user. The message is printed as is (after
 * {@code raft: }), so it must name the cause and, where it helps, what to do about it.
 */
public class LauncherException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public LauncherException(int exitCode, String message) {
    super(oneLine(message));
    this.exitCode = exitCode;
  }

  public LauncherException(int exitCode, String message, Throwable cause) {
    super(oneLine(message), cause);
    this.exitCode = exitCode;
  }

  /** A configuration problem: exit code {@link ExitCodes#USAGE}. */
  public static LauncherException config(String message) {
    return new LauncherException(ExitCodes.USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }

  /** Error texts from libraries may span lines; the user gets one. */
  static String oneLine(String message) {
    return message == null ? "unknown error" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
