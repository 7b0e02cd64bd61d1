package org.pekkoraft.lincheck;

import java.util.List;

/**
 * A sequential specification of an object, against which concurrent histories are checked.
 *
 * <p>Models must be deterministic: from a given state an input leads to exactly one next state.
 * States are compared with {@code equals}/{@code hashCode} (the checker memoizes on them), so they
 * must be immutable values; they must never be {@code null}.
 *
 * @param <S> the state type
 * @param <I> the operation input type
 * @param <O> the operation output type
 */
public interface Model<S, I, O> {

    /** The state before any operation. */
    S init();

    /**
     * Applies one operation sequentially.
     *
     * @param state the current state
     * @param input the operation's input
     * @param output the operation's output, or {@code null} if it is unknown, in which case any
     *     output is acceptable and this method must not return {@code null}
     * @return the state after the operation if it could have returned {@code output} from
     *     {@code state}, or {@code null} if it could not
     */
    S step(S state, I input, O output);

    /**
     * Whether the operation can never change the state: for every state {@code s},
     * {@code step(s, input, output)} is {@code s} or {@code null} (a read, a failed compare-and-set).
     * The checker then linearizes such an operation as soon as it is allowed and never tries
     * postponing it, since doing so cannot help. The default, {@code false}, is always safe.
     */
    default boolean isReadOnly(I input, O output) {
        return false;
    }

    /**
     * Splits a history into independent sub-histories that can be checked separately: the history
     * is linearizable iff every part is (P-compositionality, e.g. one part per key). Each part must
     * keep the original operation order. The default keeps the history whole.
     */
    default List<List<Operation<I, O>>> partition(List<Operation<I, O>> history) {
        return List.of(history);
    }

    /** Names a part returned by {@link #partition} in error messages, e.g. {@code key "x"}. */
    default String describePartition(List<Operation<I, O>> part) {
        return "history";
    }
}
