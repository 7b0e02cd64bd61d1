package org.pekkoraft.lincheck;

/**
 * An answer from a single integer register. An operation whose answer never arrived has no
 * {@code RegisterOutput} at all (a {@code null} output in its {@link Operation}).
 */
public sealed interface RegisterOutput {

    /** The answer to every {@link RegisterInput.Write}. */
    Ok OK = new Ok();

    /** The answer to a {@link RegisterInput.Read}: the value, or {@code null} if never written. */
    record Value(Integer value) implements RegisterOutput {
    }

    /** The write was acknowledged; see {@link #OK}. */
    record Ok() implements RegisterOutput {
    }

    /** The answer to a {@link RegisterInput.Cas}: whether the register held {@code from}. */
    record Applied(boolean applied) implements RegisterOutput {
    }
}
