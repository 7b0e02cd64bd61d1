package org.pekkoraft.launcher;

/** The command line is wrong; {@link Main} prints the message and the subcommand's usage, and exits 2. */
final class UsageException extends LauncherException {

  private static final long serialVersionUID = 1L;

  private final String command;

  UsageException(String command, String message) {
    super(ExitCodes.USAGE, message);
    this.command = command;
  }

  /** The subcommand whose usage to print, or null for the overall usage. */
  String command() {
    return command;
  }
}
