/**
 * The actor glue: {@link org.pekkoraft.node.RaftNode}, a typed actor whose behaviors switch between follower,
 * candidate and leader, carrying out the core's outcomes (persist through the journal child, then send over
 * Artery, then apply). Behaviors hold no Raft rule of their own.
 *
 * <p>May depend on the core, the protocol, the journal and the state machine packages, and on Pekko.
 */
package org.pekkoraft.node;
