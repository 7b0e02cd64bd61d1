/**
 * The example replicated key-value store: {@link org.pekkoraft.kv.KvStateMachine} (put, get, delete,
 * compare-and-set) and {@link org.pekkoraft.kv.KvClient}.
 *
 * <p>May depend on the state machine API and the client; the state machine itself is pure Java.
 */
package org.pekkoraft.kv;
