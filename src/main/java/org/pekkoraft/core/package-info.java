/**
 * The pure Raft core: log, quorum math, per-peer progress, election and replication rules.
 *
 * <p>Depends on the JDK only: no Pekko, no Jackson, no I/O, no clocks, no threads. Time enters as
 * {@link org.pekkoraft.core.Raft#tick() ticks}; randomness comes from a seeded {@link java.util.random.RandomGenerator}
 * the caller supplies. After any input the caller takes a {@link org.pekkoraft.core.Ready} and carries it out in
 * the order it documents: start the write, send what may be sent, restore, apply, answer reads, flush. The core
 * runs the persist queue, so a message that depends on state not yet durable appears only once its write is
 * reported. This is what makes every Raft rule testable without actors, disks or networks, and what lets the
 * simulated cluster replay a run from its seed.
 */
package org.pekkoraft.core;
