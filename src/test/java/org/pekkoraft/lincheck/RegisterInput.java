package org.pekkoraft.lincheck;

/**
 * A request to a single integer register, as in Jepsen's etcd cas-register test. Each kind has
 * exactly one {@link RegisterOutput} kind as its answer, noted on the record.
 */
public sealed interface RegisterInput {

    /** Reads the register. Answered with {@link RegisterOutput.Value}. */
    record Read() implements RegisterInput {
    }

    /** Sets the register. Answered with {@link RegisterOutput.Ok}. */
    record Write(int value) implements RegisterInput {
    }

    /**
     * Sets the register to {@code to} if it holds {@code from}. Answered with
     * {@link RegisterOutput.Applied}.
     */
    record Cas(int from, int to) implements RegisterInput {
    }
}
