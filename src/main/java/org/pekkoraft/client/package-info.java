/**
 * The Java client: {@link org.pekkoraft.client.RaftClient} sends commands and reads to a cluster, follows leader
 * hints, retries within a deadline, and uses a session so that a retried command applies once.
 *
 * <p>May depend on the core's identifiers, the protocol and Pekko; never on the node or the server.
 */
package org.pekkoraft.client;
