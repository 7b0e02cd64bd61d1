package org.pekkoraft.lincheck;

/** The outcome of a linearizability check. */
public enum Verdict {
    /** Some linearization of the whole history is allowed by the model. */
    LINEARIZABLE,
    /** No linearization exists: the history shows a consistency violation. */
    NOT_LINEARIZABLE,
    /** The search ran out of time before deciding. */
    UNKNOWN
}
