/**
 * The pure Raft core: log, quorum math, per-peer progress, election and replication rules.
 *
 * <p>Depends on the JDK only: no Pekko, no Jackson, no I/O, no clocks, no threads. Time enters as
 * {@link org.pekkoraft.core.Raft#tick() ticks}; randomness comes from a seeded {@link java.util.random.RandomGenerator}
 * the caller supplies. Every input returns an {@link org.pekkoraft.core.Outcome} that the caller carries out in
 * this order: make the events durable, then send the messages that wait for durability, then apply. This is what
 * makes every Raft rule testable without actors, disks or networks, and what lets the simulated cluster replay a
 * run from its seed.
 */
package org.pekkoraft.core;
