package org.pekkoraft.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The concurrent history recorder. */
class HistoryTest {

    @Test
    void recordsCompletedFailedUnknownAndInFlightOperations() {
        AtomicLong clock = new AtomicLong();
        History<KvInput, KvOutput> history = new History<>(clock::incrementAndGet);
        History.Handle put = history.invoke(0, new KvInput.Put("x", "1"));
        History.Handle get = history.invoke(1, new KvInput.Get("x"));
        History.Handle rejected = history.invoke(2, new KvInput.Delete("x"));
        History.Handle timedOut = history.invoke(3, new KvInput.Append("x", "a"));
        history.invoke(4, new KvInput.Put("x", "2"));
        history.ok(put, KvOutput.OK);
        history.ok(get, KvOutput.Value.of("1"));
        history.fail(rejected);
        history.info(timedOut);

        assertEquals(List.of(
                Operation.completed(0, new KvInput.Put("x", "1"), 1, KvOutput.OK, 6),
                Operation.completed(1, new KvInput.Get("x"), 2, KvOutput.Value.of("1"), 7),
                Operation.unknown(3, new KvInput.Append("x", "a"), 4),
                Operation.unknown(4, new KvInput.Put("x", "2"), 5)), history.operations());
    }

    @Test
    void completingAnOperationTwiceIsRejected() {
        History<KvInput, KvOutput> history = new History<>();
        History.Handle handle = history.invoke(0, new KvInput.Get("x"));
        history.ok(handle, KvOutput.Value.absent());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> history.info(handle));
        assertTrue(e.getMessage().contains("already completed as OK"), e::getMessage);
    }

    @Test
    void handlesAreBoundToTheirHistory() {
        History<KvInput, KvOutput> one = new History<>();
        History<KvInput, KvOutput> other = new History<>();
        History.Handle handle = one.invoke(0, new KvInput.Get("x"));
        assertThrows(IllegalArgumentException.class, () -> other.ok(handle, KvOutput.Value.absent()));
    }

    @Test
    void concurrentClientsOfALinearizableStoreProduceALinearizableHistory() throws InterruptedException {
        Map<String, String> store = new HashMap<>();
        History<KvInput, KvOutput> history = new History<>();
        int clients = 4;
        int opsPerClient = 500;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int process = c;
            threads.add(new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < opsPerClient; i++) {
                    String key = "k" + (i % 3);
                    KvInput input = switch (i % 4) {
                        case 0 -> new KvInput.Put(key, process + ":" + i);
                        case 1 -> new KvInput.Append(key, "+" + process);
                        case 2 -> new KvInput.Cas(key, process + ":" + (i - 2), "cas" + process);
                        default -> new KvInput.Get(key);
                    };
                    History.Handle handle = history.invoke(process, input);
                    KvOutput output;
                    synchronized (store) {
                        output = apply(store, input);
                    }
                    history.ok(handle, output);
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }

        List<Operation<KvInput, KvOutput>> ops = history.operations();
        assertEquals(clients * opsPerClient, ops.size());
        Result result = LinearizabilityChecker.check(new KvModel(), ops, Duration.ofSeconds(30));
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::explanation);
    }

    /** A trivially linearizable store: one map under one lock. */
    private static KvOutput apply(Map<String, String> store, KvInput input) {
        String current = store.get(input.key());
        if (input instanceof KvInput.Put put) {
            store.put(put.key(), put.value());
            return KvOutput.OK;
        }
        if (input instanceof KvInput.Append append) {
            store.put(append.key(), (current == null ? "" : current) + append.value());
            return KvOutput.OK;
        }
        if (input instanceof KvInput.Cas cas) {
            boolean matches = Objects.equals(current, cas.expected());
            if (matches) {
                store.put(cas.key(), cas.newValue());
            }
            return new KvOutput.Applied(matches);
        }
        return new KvOutput.Value(current);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
