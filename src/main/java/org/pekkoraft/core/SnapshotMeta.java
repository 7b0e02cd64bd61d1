package org.pekkoraft.core;

import java.util.Objects;

/** What a snapshot covers: every entry up to {@code lastIncludedIndex}, and the configuration in force there. */
public record SnapshotMeta(long lastIncludedIndex, long lastIncludedTerm, Configuration configuration) {

  public static final SnapshotMeta NONE = new SnapshotMeta(0, 0, Configuration.EMPTY);

  public SnapshotMeta {
    Objects.requireNonNull(configuration, "configuration");
  }
}
