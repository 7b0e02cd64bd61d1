package org.pekkoraft.statemachine;

/**
 * Turns commands or results into bytes and back. Commands travel and are stored as bytes; a state machine names
 * the codec for its own types. {@link #decode} throws {@link IllegalArgumentException} on malformed input.
 */
public interface Codec<T> {

  byte[] encode(T value);

  T decode(byte[] bytes);
}
