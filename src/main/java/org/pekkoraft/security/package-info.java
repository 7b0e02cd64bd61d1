/**
 * The cluster's credentials: a certificate authority of its own, the certificates it issues to nodes and clients,
 * and the two secrets that travel inside messages because Artery tells an actor nothing about the certificate of
 * the connection a message came on. The peer secret ({@link org.pekkoraft.security.PeerSecret}) is held by nodes
 * only and marks a Raft message as a node's; the admin secret is held by administrators only, and nodes keep just
 * its hash ({@link org.pekkoraft.security.AdminKey}). Over mutual TLS neither is ever visible to an outsider.
 *
 * <p>Depends on the JDK and Bouncy Castle only (no Pekko, no configuration library): the launcher, the node and
 * the tests use it. See docs/security.md for what is and is not protected.
 */
package org.pekkoraft.security;
