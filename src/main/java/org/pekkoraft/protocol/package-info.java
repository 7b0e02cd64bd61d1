/**
 * Wire and storage format: Jackson CBOR for every message that crosses the network and every event and snapshot
 * the journal writes. {@link org.pekkoraft.protocol.RaftJacksonModule} adds the type information that Jackson
 * needs for the core's sealed interfaces without putting Jackson annotations into the pure core.
 *
 * <p>May depend on the core and on Jackson; not on actors.
 */
package org.pekkoraft.protocol;
