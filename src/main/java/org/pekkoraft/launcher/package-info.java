/**
 * The {@code bin/raft} command line: running a node from {@code conf/}, a local cluster of node processes, a
 * guided demo, a key-value client, and the operator's membership commands (members, add-member, remove-member,
 * transfer-leader). {@link org.pekkoraft.launcher.Main} dispatches and owns the exit codes
 * ({@link org.pekkoraft.launcher.ExitCodes}); every other class here serves one subcommand or one concern.
 *
 * <p>May depend on every other package of the project and on Pekko, Typesafe Config, Jackson (the client of the
 * nodes' HTTP API, and {@code --json}) and Logback. Nothing may depend on it.
 */
package org.pekkoraft.launcher;
