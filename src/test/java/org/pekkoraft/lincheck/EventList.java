package org.pekkoraft.lincheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The call and return events of one history as a doubly linked list in time order, from which
 * operations can be lifted out and put back in LIFO order (Wing &amp; Gong's search). Unlinking
 * keeps a node's own links, so undoing lifts in reverse order restores the list exactly.
 */
final class EventList {

    /** One call or return event; {@code id} is the operation's index in the history. */
    static final class Event {
        final int id;
        final boolean isCall;
        /** For a call: its return event, or {@code null} if the outcome is unknown. */
        Event ret;
        Event prev;
        Event next;

        Event(int id, boolean isCall) {
            this.id = id;
            this.isCall = isCall;
        }
    }

    /** A sentinel before the first event, so lifting the first operation needs no special case. */
    private final Event head = new Event(-1, false);

    <I, O> EventList(List<Operation<I, O>> history) {
        record Timed(long time, Event event) {
        }
        List<Timed> timed = new ArrayList<>(2 * history.size());
        for (int id = 0; id < history.size(); id++) {
            Operation<I, O> op = history.get(id);
            Event call = new Event(id, true);
            timed.add(new Timed(op.call(), call));
            if (!op.isUnknown()) {
                call.ret = new Event(id, false);
                timed.add(new Timed(op.ret(), call.ret));
            }
        }
        // At equal timestamps calls come first: touching intervals count as concurrent, which is
        // the permissive reading when a clock cannot tell the two instants apart.
        timed.sort(Comparator.comparingLong(Timed::time)
                .thenComparing(t -> !t.event().isCall)
                .thenComparingInt(t -> t.event().id));
        Event last = head;
        for (Event e : completedCallsFirst(timed.stream().map(Timed::event).toList())) {
            last.next = e;
            e.prev = last;
            last = e;
        }
    }

    /**
     * Within each run of calls with no return between them, puts the calls of completed operations before those of
     * unknown outcome. Every call still precedes exactly the returns it preceded, so the search's choices at each step
     * are the same; only the order in which it tries them changes. Trying completed operations first matters: an
     * unknown operation can always be put off (its outcome is never due), while trying dozens of them before the one
     * completed operation that fits the state would explore exponentially many dead ends.
     */
    private static List<Event> completedCallsFirst(List<Event> inTimeOrder) {
        List<Event> ordered = new ArrayList<>(inTimeOrder.size());
        List<Event> unknownCalls = new ArrayList<>();
        for (Event e : inTimeOrder) {
            if (e.isCall && e.ret == null) {
                unknownCalls.add(e);
            } else if (e.isCall) {
                ordered.add(e);
            } else {
                ordered.addAll(unknownCalls);
                unknownCalls.clear();
                ordered.add(e);
            }
        }
        ordered.addAll(unknownCalls);
        return ordered;
    }

    /** The first event still in the list, or {@code null} if it is empty. */
    Event first() {
        return head.next;
    }

    /** Removes an operation's call event and, if it has one, its return event. */
    void lift(Event call) {
        unlink(call);
        if (call.ret != null) {
            unlink(call.ret);
        }
    }

    /** Undoes the most recent {@link #lift} still in effect, which must be for {@code call}. */
    void unlift(Event call) {
        if (call.ret != null) {
            relink(call.ret);
        }
        relink(call);
    }

    private static void unlink(Event e) {
        e.prev.next = e.next;
        if (e.next != null) {
            e.next.prev = e.prev;
        }
    }

    private static void relink(Event e) {
        e.prev.next = e;
        if (e.next != null) {
            e.next.prev = e;
        }
    }
}
