package org.pekkoraft.kv;

import java.util.Objects;

/** A key-value command. {@link Get} is read-only and can be served without a log write. */
public sealed interface KvCommand {

  String key();

  record Put(String key, String value) implements KvCommand {
    public Put {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  record Get(String key) implements KvCommand {
    public Get {
      Objects.requireNonNull(key, "key");
    }
  }

  record Delete(String key) implements KvCommand {
    public Delete {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Sets {@code key} to {@code newValue} if its value is {@code expected}; {@code expected == null} means absent. */
  record Cas(String key, String expected, String newValue) implements KvCommand {
    public Cas {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(newValue, "newValue");
    }
  }
}
