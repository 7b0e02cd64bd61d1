/**
 * The only Pekko Persistence code: {@link org.pekkoraft.journal.RaftJournal}, a persistent actor whose state is
 * exactly Raft's persistent state, and {@link org.pekkoraft.journal.GroupCommitJournal}, the journal plugin it writes
 * through: LevelDB with fsync on, one synced batch for every write queued meanwhile, whatever its persistence id.
 *
 * <p>May depend on the core and the protocol package, Pekko, and LevelDB (leveldbjni and its pure-Java port); not on
 * the node or the server.
 */
package org.pekkoraft.journal;
