package org.pekkoraft.lincheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides whether a concurrent history is linearizable with respect to a {@link Model}.
 *
 * <p>Each partition given by {@link Model#partition} is searched separately with Wing &amp; Gong's
 * algorithm and Lowe's memoization (see {@link PartitionSearch}); the history is linearizable iff
 * every partition is. The searches take turns in short slices and the check stops at the first
 * partition found not linearizable, so one partition that is expensive to decide does not hide a
 * violation that another shows quickly. If the check has not finished within the timeout the
 * verdict is {@link Verdict#UNKNOWN}.
 */
public final class LinearizabilityChecker {

    /** Search steps a partition runs before the next takes its turn; small enough to share fairly. */
    private static final int SLICE_STEPS = 2048;

    private LinearizabilityChecker() {
    }

    /**
     * Checks a history.
     *
     * @param model the sequential specification
     * @param history the operations, in any order
     * @param timeout the time budget for the whole check
     * @return the verdict, with an explanation naming the failing partition and operations
     */
    public static <S, I, O> Result check(Model<S, I, O> model, List<Operation<I, O>> history, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<List<Operation<I, O>>> partitions = model.partition(List.copyOf(history));
        List<Turn<S, I, O>> open = new ArrayList<>();
        for (List<Operation<I, O>> part : partitions) {
            open.add(new Turn<>(part, new PartitionSearch<>(model, part)));
        }
        while (!open.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return new Result(Verdict.UNKNOWN, "timed out after " + timeout + " with " + open.size() + " of "
                        + partitions.size() + " partitions undecided: " + describe(model, open));
            }
            for (Iterator<Turn<S, I, O>> it = open.iterator(); it.hasNext(); ) {
                Turn<S, I, O> turn = it.next();
                PartitionSearch.Status status = turn.search().advance(SLICE_STEPS);
                if (status == PartitionSearch.Status.NOT_LINEARIZABLE) {
                    String name = model.describePartition(turn.part());
                    return new Result(Verdict.NOT_LINEARIZABLE,
                            FailureReport.explain(model, name, turn.part(), turn.search()));
                }
                if (status == PartitionSearch.Status.LINEARIZABLE) {
                    it.remove();
                }
            }
        }
        return Result.linearizable(history.size(), partitions.size());
    }

    private record Turn<S, I, O>(List<Operation<I, O>> part, PartitionSearch<S, I, O> search) {
    }

    private static <S, I, O> String describe(Model<S, I, O> model, List<Turn<S, I, O>> open) {
        return open.stream()
                .map(t -> model.describePartition(t.part()) + " (" + t.part().size()
                        + " operations, longest linearizable prefix so far " + t.search().longestPrefix().length + ")")
                .collect(Collectors.joining(", "));
    }
}
