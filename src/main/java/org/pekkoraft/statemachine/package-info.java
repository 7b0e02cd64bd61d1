/**
 * The user-facing state machine API ({@link org.pekkoraft.statemachine.StateMachine}, {@link
 * org.pekkoraft.statemachine.Codec}) and the replicated layer around it that applies committed log entries with
 * exactly-once client sessions ({@link org.pekkoraft.statemachine.ReplicatedState}), and {@link
 * org.pekkoraft.statemachine.BoundedReader}, which reads a snapshot with every count and length checked against the
 * bytes it holds, for restore methods that must not trust what they read.
 *
 * <p>Pure Java: may depend on the core; never on Pekko. Everything here runs on every replica and must be
 * deterministic: the same entries in the same order give the same state, results and snapshots.
 */
package org.pekkoraft.statemachine;
