package org.pekkoraft.core;

import java.util.Objects;

/** The stable identity of a Raft server, taken from configuration (never an actor reference). */
public record NodeId(String value) implements Comparable<NodeId> {

  public NodeId {
    Objects.requireNonNull(value, "node id");
    if (value.isBlank() || !value.equals(value.strip())) {
      throw new IllegalArgumentException("node id must be non-blank without surrounding spaces: '" + value + "'");
    }
  }

  public static NodeId of(String value) {
    return new NodeId(value);
  }

  @Override
  public int compareTo(NodeId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
