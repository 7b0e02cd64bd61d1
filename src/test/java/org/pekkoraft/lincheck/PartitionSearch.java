package org.pekkoraft.lincheck;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Wing &amp; Gong's backtracking search for a linearization of one history, with Lowe's
 * memoization: a configuration (set of linearized operations, model state) that has been reached
 * once is never explored again, since what can follow depends on nothing else.
 *
 * <p>The search is iterative with an explicit stack, so its depth is bounded by the heap rather
 * than the thread stack, and it runs in slices ({@link #advance}) so that a caller can interleave
 * several searches and stop them at a deadline. Operations with an unknown outcome have no return
 * event: they may be linearized whenever they help, and the search succeeds as soon as every
 * completed operation is linearized (leftover unknown operations are taken to have happened later,
 * or never).
 *
 * <p>Read-only operations ({@link Model#isReadOnly}) are linearized as soon as they are allowed,
 * without trying to postpone them: with the same state and fewer operations left to place, the
 * configuration after one is at least as easy to complete as the one before it.
 */
final class PartitionSearch<S, I, O> {

    /** Where a search stands. */
    enum Status { RUNNING, LINEARIZABLE, NOT_LINEARIZABLE }

    /** A cache key; the BitSet must not be mutated once the key is in the cache. */
    private record Configuration<S>(BitSet linearized, S state) {
    }

    /** An operation linearized on the way down, and the state to restore when backtracking. */
    private record Frame<S>(EventList.Event call, S stateBefore, boolean readOnly) {
    }

    private final Model<S, I, O> model;
    private final List<Operation<I, O>> history;
    private final EventList events;
    private final BitSet linearized;
    private final Set<Configuration<S>> seen = new HashSet<>();
    private final Deque<Frame<S>> stack = new ArrayDeque<>();
    private int unlinearizedCompleted;
    private S state;
    private EventList.Event event;
    private Status status = Status.RUNNING;
    private int[] longestPrefix = new int[0];
    private S stateAfterLongest;

    PartitionSearch(Model<S, I, O> model, List<Operation<I, O>> history) {
        this.model = model;
        this.history = history;
        this.events = new EventList(history);
        this.linearized = new BitSet(history.size());
        this.unlinearizedCompleted = (int) history.stream().filter(op -> !op.isUnknown()).count();
        this.state = model.init();
        this.stateAfterLongest = state;
        this.event = events.first();
    }

    /** Runs at most {@code maxSteps} steps of the search and returns where it stands. */
    Status advance(long maxSteps) {
        for (long steps = 0; status == Status.RUNNING && steps < maxSteps; steps++) {
            if (unlinearizedCompleted == 0) {
                status = Status.LINEARIZABLE;
            } else if (!event.isCall || !tryLinearize()) {
                backtrack();
            }
        }
        return status;
    }

    /** The ids of the longest linearizable prefix found so far, in linearization order. */
    int[] longestPrefix() {
        return longestPrefix.clone();
    }

    /** The model state after {@link #longestPrefix()}. */
    S stateAfterLongestPrefix() {
        return stateAfterLongest;
    }

    /**
     * Tries to linearize the operation whose call is the current event; on success descends, else
     * moves on to the next event. Returns false if the current configuration is a dead end.
     */
    private boolean tryLinearize() {
        Operation<I, O> op = history.get(event.id);
        S next = model.step(state, op.input(), op.output());
        if (next == null) {
            event = event.next;
            return true;
        }
        boolean readOnly = model.isReadOnly(op.input(), op.output());
        if (readOnly && !next.equals(state)) {
            throw new IllegalStateException("model declares " + op + " read-only but it changed "
                    + state + " to " + next);
        }
        if (firstVisit(event.id, next)) {
            stack.push(new Frame<>(event, state, readOnly));
            state = next;
            events.lift(event);
            if (event.ret != null) {
                unlinearizedCompleted--;
            }
            if (stack.size() > longestPrefix.length) {
                longestPrefix = prefixOf(stack);
                stateAfterLongest = state;
            }
            event = events.first();
            return true;
        }
        // A read-only operation that is allowed here is as good as any alternative, and taking it
        // leads to an explored dead end, so this configuration is one too.
        event = event.next;
        return !readOnly;
    }

    /**
     * Undoes the last linearization step and moves on to the next alternative. Undoing a
     * read-only step also fails the configuration below it (see {@link #tryLinearize}), so
     * popping continues until a step whose alternatives are still worth trying.
     */
    private void backtrack() {
        Frame<S> top;
        do {
            if (stack.isEmpty()) {
                status = Status.NOT_LINEARIZABLE;
                return;
            }
            top = stack.pop();
            state = top.stateBefore();
            linearized.clear(top.call().id);
            events.unlift(top.call());
            if (top.call().ret != null) {
                unlinearizedCompleted++;
            }
        } while (top.readOnly());
        event = top.call().next;
    }

    /**
     * Marks {@code id} linearized and records the configuration; if it was seen before, undoes the
     * mark and returns false. The BitSet is copied only for new entries, which keeps lookups of
     * already-explored configurations allocation-free.
     */
    private boolean firstVisit(int id, S next) {
        linearized.set(id);
        if (seen.contains(new Configuration<>(linearized, next))) {
            linearized.clear(id);
            return false;
        }
        seen.add(new Configuration<>((BitSet) linearized.clone(), next));
        return true;
    }

    /** The operation ids on the stack in linearization order (bottom first). */
    private static <S> int[] prefixOf(Deque<Frame<S>> stack) {
        int[] ids = new int[stack.size()];
        int i = ids.length;
        for (Iterator<Frame<S>> it = stack.iterator(); it.hasNext(); ) {
            ids[--i] = it.next().call().id;
        }
        return ids;
    }
}
