/**
 * The driver of one Raft server, in plain Java: {@link org.pekkoraft.server.Replica} carries out what the core
 * asks in each {@link org.pekkoraft.core.Ready} (persist through its host, send, apply to the replicated state) and
 * does everything around Raft that is neither a Raft rule nor I/O: pending client writes and retries of them,
 * the read modes, the snapshot policy, membership and transfer requests and their progress, backpressure, status.
 * Its host gives it a small {@link org.pekkoraft.server.Io}: the actor in production, the deterministic simulator in
 * tests, so seeded simulation runs exercise the code that ships.
 *
 * <p>May depend on the core, the state machine API, the protocol's plain records ({@code ClientResponse},
 * {@code NodeStatus}, {@code BatchedWrite}) and SLF4J; never on Pekko (ArchitectureTest enforces it). Not
 * thread-safe: one caller at a time, as in an actor.
 */
package org.pekkoraft.server;
