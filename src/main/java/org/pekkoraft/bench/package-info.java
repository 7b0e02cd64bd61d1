/**
 * {@code bin/raft bench}: closed-loop write throughput and latency, CPU and heap per write, and leader failover
 * time, against nodes started in this JVM (each in its own ActorSystem over Artery, fsync on) or a running cluster.
 *
 * <p>May depend on everything but the launcher.
 */
package org.pekkoraft.bench;
