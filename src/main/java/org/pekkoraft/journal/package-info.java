/**
 * The only Pekko Persistence code: {@link org.pekkoraft.journal.RaftJournal}, a persistent actor whose state is
 * exactly Raft's persistent state, on the LevelDB journal with fsync on.
 *
 * <p>May depend on the core and the protocol package; not on the node.
 */
package org.pekkoraft.journal;
