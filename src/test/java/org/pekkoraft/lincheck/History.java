package org.pekkoraft.lincheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A thread-safe recorder of the operations that concurrent test clients perform.
 *
 * <p>A client calls {@link #invoke} just before sending a request and then exactly one of
 * {@link #ok} (answer received), {@link #fail} (the operation definitely did not take effect, e.g.
 * rejected before it reached the log) or {@link #info} (outcome unknown, e.g. timed out). The call
 * and return timestamps are read from the clock inside those methods, so the recorded interval
 * contains the real one.
 *
 * <p>{@link #operations()} returns the history: failed operations are left out, and operations
 * marked {@code info} or still in flight are reported with an unknown outcome.
 *
 * @param <I> the operation input type
 * @param <O> the operation output type
 */
public final class History<I, O> {

    /** Identifies one invoked operation; pass it back to complete the operation. */
    public static final class Handle {
        private final History<?, ?> owner;
        private final int index;

        private Handle(History<?, ?> owner, int index) {
            this.owner = owner;
            this.index = index;
        }
    }

    private enum Status { IN_FLIGHT, OK, FAILED, INFO }

    private static final class Entry<I, O> {
        final int process;
        final I input;
        final long call;
        Status status = Status.IN_FLIGHT;
        O output;
        long ret = Operation.UNKNOWN_RETURN;

        Entry(int process, I input, long call) {
            this.process = process;
            this.input = input;
            this.call = call;
        }
    }

    private final LongSupplier clock;
    private final List<Entry<I, O>> entries = new ArrayList<>();

    /** A history timed with {@link System#nanoTime()}. */
    public History() {
        this(System::nanoTime);
    }

    /** A history timed with {@code clock}, which must never go backwards. */
    public History(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records that {@code process} is about to issue {@code input}. */
    public synchronized Handle invoke(int process, I input) {
        entries.add(new Entry<>(process, Objects.requireNonNull(input, "input"), clock.getAsLong()));
        return new Handle(this, entries.size() - 1);
    }

    /** Records that the operation returned {@code output}. */
    public synchronized void ok(Handle handle, O output) {
        Entry<I, O> entry = open(handle, Status.OK);
        entry.output = Objects.requireNonNull(output, "output");
        entry.ret = clock.getAsLong();
    }

    /** Records that the operation definitely did not take effect; it is left out of the history. */
    public synchronized void fail(Handle handle) {
        open(handle, Status.FAILED);
    }

    /** Records that the outcome is unknown: the operation may take effect at any later time, or never. */
    public synchronized void info(Handle handle) {
        open(handle, Status.INFO);
    }

    /** The history so far, in invocation order. */
    public synchronized List<Operation<I, O>> operations() {
        List<Operation<I, O>> ops = new ArrayList<>(entries.size());
        for (Entry<I, O> e : entries) {
            if (e.status == Status.OK) {
                ops.add(Operation.completed(e.process, e.input, e.call, e.output, e.ret));
            } else if (e.status != Status.FAILED) {
                ops.add(Operation.unknown(e.process, e.input, e.call));
            }
        }
        return ops;
    }

    /** Moves an in-flight entry to {@code status}; completing an operation twice is a test bug. */
    private Entry<I, O> open(Handle handle, Status status) {
        if (handle.owner != this) {
            throw new IllegalArgumentException("handle belongs to another history");
        }
        Entry<I, O> entry = entries.get(handle.index);
        if (entry.status != Status.IN_FLIGHT) {
            throw new IllegalStateException("operation " + entry.input + " of process " + entry.process
                    + " was already completed as " + entry.status);
        }
        entry.status = status;
        return entry;
    }
}
