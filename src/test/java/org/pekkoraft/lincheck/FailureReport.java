package org.pekkoraft.lincheck;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Explains why a partition is not linearizable, from the deepest prefix the search linearized:
 * which operation returned before it could be placed, which operations could have come next and
 * why each failed, and what was left.
 */
final class FailureReport {

    /** Long histories would make unreadable messages; lists are cut after this many lines. */
    private static final int MAX_LISTED = 20;

    private FailureReport() {
    }

    static <S, I, O> String explain(Model<S, I, O> model, String partitionName, List<Operation<I, O>> part,
            PartitionSearch<S, I, O> search) {
        S stateAfterPrefix = search.stateAfterLongestPrefix();
        BitSet inPrefix = new BitSet(part.size());
        List<Operation<I, O>> prefix = new ArrayList<>();
        for (int id : search.longestPrefix()) {
            inPrefix.set(id);
            prefix.add(part.get(id));
        }
        List<Operation<I, O>> left = new ArrayList<>();
        for (int id = 0; id < part.size(); id++) {
            if (!inPrefix.get(id)) {
                left.add(part.get(id));
            }
        }
        left.sort(Comparator.comparingLong(Operation<I, O>::call));
        Operation<I, O> blocker = left.stream()
                .filter(op -> !op.isUnknown())
                .min(Comparator.comparingLong(Operation<I, O>::ret))
                .orElseThrow(() -> new IllegalStateException("a failed search must leave a completed operation unlinearized"));

        StringBuilder out = new StringBuilder();
        out.append(partitionName).append(" is not linearizable (").append(part.size()).append(" operations).\n");
        out.append("Longest linearizable prefix: ").append(prefix.size()).append(" operations, in order");
        appendList(out, prefix, true);
        out.append("\nState after the prefix: ").append(stateAfterPrefix);
        out.append("\nFirst operation to return that no extension of the prefix can place: ").append(blocker);
        out.append("\nCandidates to come next (called before that return); none leads to a linearization:");
        int listed = 0;
        for (Operation<I, O> op : left) {
            if (op.call() > blocker.ret()) {
                break;
            }
            if (listed++ == MAX_LISTED) {
                out.append("\n  ...");
                break;
            }
            boolean allowed = model.step(stateAfterPrefix, op.input(), op.output()) != null;
            out.append("\n  ").append(op).append(allowed
                    ? "  (allowed here, but nothing linearizable follows)"
                    : "  (not allowed by the model in this state)");
        }
        out.append("\nOperations left: ").append(left.size()).append(", by call time");
        appendList(out, left, false);
        return out.toString();
    }

    /** Appends one operation per line; for a prefix keeps the end, which is nearest the failure. */
    private static <I, O> void appendList(StringBuilder out, List<Operation<I, O>> ops, boolean keepTail) {
        int skip = Math.max(0, ops.size() - MAX_LISTED);
        if (keepTail && skip > 0) {
            out.append("\n  ... ").append(skip).append(" earlier operations");
        }
        List<Operation<I, O>> shown = keepTail ? ops.subList(skip, ops.size()) : ops.subList(0, ops.size() - skip);
        for (Operation<I, O> op : shown) {
            out.append("\n  ").append(op);
        }
        if (!keepTail && skip > 0) {
            out.append("\n  ... ").append(skip).append(" more");
        }
    }
}
