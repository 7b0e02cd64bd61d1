package org.pekkoraft.protocol;

/**
 * Marker for messages serialized with Jackson CBOR (bound in this library's reference.conf). Every message that may
 * cross the network or be written by the journal implements it.
 */
public interface CborSerializable {}
