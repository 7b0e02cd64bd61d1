/**
 * The actor glue: {@link org.pekkoraft.node.RaftNode}, a typed actor whose behaviors switch between follower,
 * candidate and leader and host the shared driver ({@link org.pekkoraft.server.Replica}): its writes go through the
 * journal child, its messages over Artery, its flushes through the actor's own mailbox. Behaviors hold no Raft rule
 * and no driver logic of their own. A node reports what it does to a plain {@link org.pekkoraft.node.RaftMetrics}
 * (no metrics library here; the HTTP package implements it with Micrometer).
 *
 * <p>May depend on the core, the server, the protocol, the journal and the state machine packages, and on Pekko
 * (and on commons-text, for the nearest valid setting's name).
 */
package org.pekkoraft.node;
