/**
 * What crosses the wire: the messages a node accepts ({@link org.pekkoraft.protocol.NodeProtocol}), its answers
 * ({@link org.pekkoraft.protocol.ClientResponse}, {@link org.pekkoraft.protocol.NodeStatus},
 * {@link org.pekkoraft.protocol.NodeHealth}), and their serialized
 * forms: a compact binary form for what every write crosses ({@link org.pekkoraft.protocol.ReplicationSerializer}),
 * Jackson CBOR for the rest, with {@link org.pekkoraft.protocol.RaftJacksonModule} adding the type information
 * Jackson needs for the core's sealed interfaces without putting Jackson annotations into the core. Decoding is
 * bounded: every length is checked against the bytes a frame holds and against the configured limits, and every
 * failure is a {@link java.io.NotSerializableException}, which Artery logs and drops
 * ({@link org.pekkoraft.protocol.BoundedCborSerializer} stands in for Pekko's Jackson CBOR serializer to that end).
 *
 * <p>May depend on the core, on Pekko's actor references and serialization API, on Jackson, and on the ActorSystem's
 * configuration (the serializers read their limits from it); never on the node, the server or anything above them.
 * {@code ClientResponse} and {@code NodeStatus} are plain records the server package builds.
 */
package org.pekkoraft.protocol;
