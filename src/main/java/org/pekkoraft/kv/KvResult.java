package org.pekkoraft.kv;

import java.util.Optional;

/** The result of a {@link KvCommand}. */
public sealed interface KvResult {

  /** A put succeeded. */
  record Done() implements KvResult {}

  /** The value of a get, empty when the key is absent. */
  record Value(Optional<String> value) implements KvResult {}

  /** A delete; {@code existed} tells whether the key was there. */
  record Deleted(boolean existed) implements KvResult {}

  /** A compare-and-set; when not applied, {@code current} is the value that did not match. */
  record CasResult(boolean applied, Optional<String> current) implements KvResult {}
}
