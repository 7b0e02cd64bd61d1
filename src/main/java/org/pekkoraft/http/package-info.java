/**
 * The node's HTTP/JSON API on Pekko HTTP: health and readiness probes, status, members, the admin requests
 * (forwarded to the leader over Artery, authenticated with the admin secret as a bearer token), and Prometheus
 * metrics through Micrometer ({@link org.pekkoraft.http.MicrometerRaftMetrics}, which implements the node's plain
 * {@link org.pekkoraft.node.RaftMetrics}). {@link org.pekkoraft.http.RaftHttpServer} is the entry point.
 *
 * <p>May depend on node, protocol, core and security, Pekko (HTTP included), Jackson, Micrometer, SLF4J and the
 * configuration library; not on server, journal or the launcher. Nothing but the launcher depends on it, so the
 * library runs without Pekko HTTP and Micrometer (optional dependencies).
 */
package org.pekkoraft.http;
