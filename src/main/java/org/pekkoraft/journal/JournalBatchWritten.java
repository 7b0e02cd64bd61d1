package org.pekkoraft.journal;

/**
 * Published on the ActorSystem's event stream after each batch the journal wrote and synced (subscribe to this class
 * to observe group commit and fsync latency; nothing is published to nobody's cost but a subscriber lookup).
 *
 * @param requests write requests (persist calls) the batch carried
 * @param events events written
 * @param bytes bytes of encoded events
 * @param nanos time the synced LevelDB write took
 */
public record JournalBatchWritten(int requests, int events, long bytes, long nanos) {}
