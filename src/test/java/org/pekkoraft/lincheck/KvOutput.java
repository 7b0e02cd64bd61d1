package org.pekkoraft.lincheck;

import java.util.Objects;

/**
 * An answer from the key-value store. An operation whose answer never arrived has no
 * {@code KvOutput} at all (a {@code null} output in its {@link Operation}).
 */
public sealed interface KvOutput {

    /** The answer to every {@link KvInput.Put} and {@link KvInput.Append}. */
    Ok OK = new Ok();

    /** The answer to a {@link KvInput.Get}: the value read, or {@code null} if the key was absent. */
    record Value(String value) implements KvOutput {

        /** The key was absent. */
        public static Value absent() {
            return new Value(null);
        }

        /** The key held {@code value}. */
        public static Value of(String value) {
            return new Value(Objects.requireNonNull(value, "value"));
        }
    }

    /** The write was acknowledged; see {@link #OK}. */
    record Ok() implements KvOutput {
    }

    /** The answer to a {@link KvInput.Delete}: whether the key was present before. */
    record Existed(boolean existed) implements KvOutput {
    }

    /** The answer to a {@link KvInput.Cas}: whether the comparison matched and the value was set. */
    record Applied(boolean applied) implements KvOutput {
    }
}
