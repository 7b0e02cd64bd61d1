/**
 * The example replicated key-value store: {@link org.pekkoraft.kv.KvStateMachine} (put, get, delete,
 * compare-and-set, range reads and transactions on byte strings, {@link org.pekkoraft.kv.Bytes}) and
 * {@link org.pekkoraft.kv.KvClient}. {@link org.pekkoraft.kv.KvLimits} holds the bounds of the command format.
 *
 * <p>May depend on the state machine API and the client; the state machine itself is pure Java.
 */
package org.pekkoraft.kv;
