package org.pekkoraft.launcher;

import java.util.Set;

/**
 * What one subcommand accepts: its options (flags without a value, and options with one), how many positional
 * arguments, and the help text printed by {@code --help} and on a usage error.
 *
 * @param name the subcommand, e.g. {@code put}
 * @param synopsis the arguments after the name, e.g. {@code KEY VALUE [--nodes H:P,...] [--timeout 5s]}
 * @param summary one line for the overall usage
 * @param details the rest of the help text (options, exit codes), may be empty
 */
record CommandSpec(String name, String synopsis, String summary, String details, Set<String> flags,
    Set<String> valued, int minArgs, int maxArgs) {

  CommandSpec {
    flags = Set.copyOf(flags);
    valued = Set.copyOf(valued);
  }

  /** The full help text of this subcommand. */
  String usage() {
    StringBuilder text = new StringBuilder("usage: raft ").append(name);
    if (!synopsis.isEmpty()) {
      text.append(' ').append(synopsis);
    }
    text.append("\n\n").append(summary).append('\n');
    if (!details.isEmpty()) {
      text.append('\n').append(details.stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
