package org.pekkoraft.lincheck;

import java.util.Objects;

/**
 * A request to the key-value store, as seen by a client. Each kind has exactly one
 * {@link KvOutput} kind as its answer, noted on the record.
 */
public sealed interface KvInput {

    /** The key the operation reads or writes; operations on different keys are independent. */
    String key();

    /** Reads a key. Answered with {@link KvOutput.Value}. */
    record Get(String key) implements KvInput {
        public Get {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Sets a key. Answered with {@link KvOutput.Ok}. */
    record Put(String key, String value) implements KvInput {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Removes a key. Answered with {@link KvOutput.Existed}: whether the key was present. */
    record Delete(String key) implements KvInput {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Sets a key to {@code newValue} if its current value equals {@code expected}, where a
     * {@code null} expected value means the key must be absent. Answered with
     * {@link KvOutput.Applied}.
     */
    record Cas(String key, String expected, String newValue) implements KvInput {
        public Cas {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(newValue, "newValue");
        }
    }

    /**
     * Appends to a key's value, an absent key counting as the empty string (Porcupine's
     * key-value service). Answered with {@link KvOutput.Ok}.
     */
    record Append(String key, String value) implements KvInput {
        public Append {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }
}
