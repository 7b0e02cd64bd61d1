package org.pekkoraft.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.lincheck.KvOps.get;
import static org.pekkoraft.lincheck.KvOps.put;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Behaviour of the checker itself, independent of a particular model's semantics. */
class LinearizabilityCheckerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void emptyHistoryIsLinearizable() {
        assertEquals(Verdict.LINEARIZABLE, LinearizabilityChecker.check(new KvModel(), List.of(), TIMEOUT).verdict());
    }

    @Test
    void touchingIntervalsAreConcurrent() {
        // The get starts at the instant the put returns, so it may be ordered before the put.
        Result result = LinearizabilityChecker.check(new KvModel(),
                List.of(put(0, 0, 5, "x", "1"), get(1, 5, 6, "x", null)), TIMEOUT);
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::explanation);
    }

    @Test
    void noTimeLeftGivesUnknownNamingTheUndecidedPartition() {
        Result result = LinearizabilityChecker.check(new KvModel(),
                List.of(put(0, 0, 1, "x", "1"), get(0, 2, 3, "x", "1")), Duration.ZERO);
        assertEquals(Verdict.UNKNOWN, result.verdict());
        assertTrue(result.explanation().contains("key \"x\" (2 operations"), result::explanation);
    }

    @Test
    void explanationShowsPrefixStateCandidatesAndLeftovers() {
        Result result = LinearizabilityChecker.check(new KvModel(), List.of(
                put(0, 0, 1, "x", "1"),
                put(1, 2, 3, "x", "2"),
                get(2, 4, 5, "x", "1")), TIMEOUT);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        String expected = String.join("\n",
                "key \"x\" is not linearizable (3 operations).",
                "Longest linearizable prefix: 2 operations, in order",
                "  p0 Put[key=x, value=1] -> Ok[] [0, 1]",
                "  p1 Put[key=x, value=2] -> Ok[] [2, 3]",
                "State after the prefix: Optional[2]",
                "First operation to return that no extension of the prefix can place: "
                        + "p2 Get[key=x] -> Value[value=1] [4, 5]",
                "Candidates to come next (called before that return); none leads to a linearization:",
                "  p2 Get[key=x] -> Value[value=1] [4, 5]  (not allowed by the model in this state)",
                "Operations left: 1, by call time",
                "  p2 Get[key=x] -> Value[value=1] [4, 5]");
        assertEquals(expected, result.explanation());
    }

    @Test
    void longHistoryIsCheckedWithoutDeepRecursion() throws InterruptedException {
        List<Operation<KvInput, KvOutput>> history = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            history.add(put(i % 3, 4L * i, 4L * i + 1, "x", Integer.toString(i)));
            history.add(get(i % 5, 4L * i + 2, 4L * i + 3, "x", Integer.toString(i)));
        }
        // A recursive search would need one frame per operation; 20,000 cannot fit in 256 KiB.
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread smallStack = new Thread(null, () -> {
            try {
                outcome.set(LinearizabilityChecker.check(new KvModel(), history, TIMEOUT));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "small-stack-check", 256 * 1024);
        smallStack.start();
        smallStack.join();
        assertTrue(outcome.get() instanceof Result, () -> "check failed: " + outcome.get());
        assertEquals(Verdict.LINEARIZABLE, ((Result) outcome.get()).verdict());
    }

    @Test
    void unknownOperationsAloneAreLinearizable() {
        List<Operation<KvInput, KvOutput>> history = List.of(
                KvOps.unknown(0, 0, new KvInput.Put("x", "1")),
                KvOps.unknown(1, 1, new KvInput.Delete("x")),
                KvOps.unknown(2, 2, new KvInput.Get("x")));
        assertEquals(Verdict.LINEARIZABLE, LinearizabilityChecker.check(new KvModel(), history, TIMEOUT).verdict());
    }

    /**
     * Found by the simulator (seed 39702271): a cluster unavailable for seconds leaves dozens of writes of unknown
     * outcome, then one read sees none of them. Trying the unknown writes first explores exponentially many orders;
     * the read fits the state at once and decides it.
     */
    @Test
    void manyUnknownWritesBeforeOneReadAreDecidedQuickly() {
        List<Operation<KvInput, KvOutput>> history = new ArrayList<>();
        history.add(put(0, 0, 1, "x", "base"));
        for (int i = 0; i < 40; i++) {
            KvInput write = i % 3 == 0 ? new KvInput.Delete("x") : i % 3 == 1 ? new KvInput.Put("x", "u" + i)
                : new KvInput.Cas("x", "u" + (i - 1), "w" + i);
            history.add(KvOps.unknown(1 + i, 10 + i, write));
        }
        history.add(get(99, 100, 200, "x", "base"));
        assertEquals(Verdict.LINEARIZABLE,
            LinearizabilityChecker.check(new KvModel(), history, Duration.ofSeconds(5)).verdict());
    }

    @Test
    void modelThatLiesAboutReadOnlyOperationsIsCaught() {
        Model<Integer, String, String> counter = new Model<>() {
            @Override
            public Integer init() {
                return 0;
            }

            @Override
            public Integer step(Integer state, String input, String output) {
                return state + 1;
            }

            @Override
            public boolean isReadOnly(String input, String output) {
                return true;
            }
        };
        List<Operation<String, String>> history = List.of(Operation.completed(0, "inc", 0, "ok", 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LinearizabilityChecker.check(counter, history, TIMEOUT));
        assertTrue(e.getMessage().contains("read-only"), e::getMessage);
    }

    @Test
    void operationRejectsInconsistentUnknownMarkers() {
        assertThrows(IllegalArgumentException.class,
                () -> new Operation<>(0, new KvInput.Get("x"), 0, null, 5));
        assertThrows(IllegalArgumentException.class,
                () -> new Operation<>(0, new KvInput.Get("x"), 0, KvOutput.Value.absent(), Operation.UNKNOWN_RETURN));
        assertThrows(IllegalArgumentException.class, () -> get(0, 5, 4, "x", null));
    }

    @Test
    void outputOfTheWrongKindIsATestBug() {
        List<Operation<KvInput, KvOutput>> history = List.of(
                Operation.completed(0, new KvInput.Get("x"), 0, KvOutput.OK, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearizabilityChecker.check(new KvModel(), history, TIMEOUT));
        assertTrue(e.getMessage().contains("must be answered with Value"), e::getMessage);
    }
}
