package org.pekkoraft.lincheck;

import java.util.Objects;

/**
 * The verdict of a linearizability check with a human-readable explanation: for
 * {@link Verdict#NOT_LINEARIZABLE} it names the failing partition, the longest linearizable
 * prefix found and the operations that could not be linearized after it.
 */
public record Result(Verdict verdict, String explanation) {

    public Result {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(explanation, "explanation");
    }

    static Result linearizable(int operations, int partitions) {
        return new Result(Verdict.LINEARIZABLE,
                operations + " operations in " + partitions + " partitions are linearizable");
    }

    /** Whether the history was shown to be linearizable. */
    public boolean isLinearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    @Override
    public String toString() {
        return verdict + ": " + explanation;
    }
}
