package org.pekkoraft.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkoraft.lincheck.KvOps.append;
import static org.pekkoraft.lincheck.KvOps.cas;
import static org.pekkoraft.lincheck.KvOps.delete;
import static org.pekkoraft.lincheck.KvOps.get;
import static org.pekkoraft.lincheck.KvOps.put;
import static org.pekkoraft.lincheck.KvOps.unknown;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small hand-made key-value histories with known verdicts; times are logical. */
class KvLinearizabilityTest {

    private static Result check(List<Operation<KvInput, KvOutput>> history) {
        return LinearizabilityChecker.check(new KvModel(), history, Duration.ofSeconds(30));
    }

    private static void assertLinearizable(List<Operation<KvInput, KvOutput>> history) {
        Result result = check(history);
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::explanation);
    }

    /** Asserts a violation whose explanation names the key and the operation that cannot be placed. */
    private static void assertViolation(List<Operation<KvInput, KvOutput>> history, String key,
            Operation<KvInput, KvOutput> culprit) {
        Result result = check(history);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::explanation);
        assertTrue(result.explanation().startsWith("key \"" + key + "\" is not linearizable"), result::explanation);
        assertTrue(result.explanation().contains("no extension of the prefix can place: " + culprit),
                result::explanation);
    }

    @Test
    void sequentialHistoryOfEveryOperationKind() {
        assertLinearizable(List.of(
                get(0, 0, 1, "x", null),
                put(0, 2, 3, "x", "1"),
                get(0, 4, 5, "x", "1"),
                cas(0, 6, 7, "x", "1", "2", true),
                cas(0, 8, 9, "x", "1", "4", false),
                get(0, 10, 11, "x", "2"),
                delete(0, 12, 13, "x", true),
                delete(0, 14, 15, "x", false),
                get(0, 16, 17, "x", null),
                cas(0, 18, 19, "x", null, "3", true),
                cas(0, 20, 21, "x", null, "5", false),
                append(0, 22, 23, "x", "a"),
                get(0, 24, 25, "x", "3a"),
                delete(0, 26, 27, "x", true),
                append(0, 28, 29, "x", "b"),
                get(0, 30, 31, "x", "b")));
    }

    @Test
    void readsConcurrentWithAPutMaySeeEitherValueInOrder() {
        assertLinearizable(List.of(
                put(0, 0, 10, "x", "1"),
                get(1, 1, 5, "x", null),
                get(2, 2, 6, "x", "1"),
                get(1, 7, 8, "x", "1")));
    }

    @Test
    void concurrentPutsMayTakeEffectInTheOrderOppositeToTheirCalls() {
        assertLinearizable(List.of(
                put(0, 0, 10, "x", "a"),
                put(1, 1, 11, "x", "b"),
                get(2, 12, 13, "x", "a"),
                get(3, 14, 15, "x", "a")));
    }

    @Test
    void timedOutPutObservedLater() {
        assertLinearizable(List.of(
                put(0, 0, 1, "x", "1"),
                unknown(1, 2, new KvInput.Put("x", "2")),
                get(2, 3, 4, "x", "1"),
                get(2, 50, 51, "x", "2"),
                get(3, 52, 53, "x", "2")));
    }

    @Test
    void timedOutPutNeverObserved() {
        assertLinearizable(List.of(
                unknown(0, 0, new KvInput.Put("x", "1")),
                get(1, 5, 6, "x", null),
                get(2, 7, 8, "x", null),
                put(1, 9, 10, "x", "2"),
                get(2, 11, 12, "x", "2")));
    }

    @Test
    void independentKeysAreCheckedSeparately() {
        assertLinearizable(List.of(
                put(0, 0, 10, "a", "1"),
                put(1, 1, 11, "b", "1"),
                get(2, 12, 13, "b", "1"),
                get(2, 14, 15, "a", "1")));
    }

    @Test
    void staleReadAfterANewerPutCompleted() {
        Operation<KvInput, KvOutput> stale = get(2, 4, 5, "x", "1");
        assertViolation(List.of(
                put(0, 0, 1, "x", "1"),
                put(1, 2, 3, "x", "2"),
                stale,
                get(3, 6, 7, "x", "2")), "x", stale);
    }

    @Test
    void readSeesAnOlderValueThanAnEarlierReadDid() {
        Operation<KvInput, KvOutput> older = get(2, 3, 4, "x", null);
        assertViolation(List.of(
                put(0, 0, 10, "x", "1"),
                get(1, 1, 2, "x", "1"),
                older), "x", older);
    }

    @Test
    void lostWriteNeverBecomesVisible() {
        Operation<KvInput, KvOutput> firstReadAfter = get(2, 4, 5, "x", "1");
        assertViolation(List.of(
                put(0, 0, 1, "x", "1"),
                put(1, 2, 3, "x", "2"),
                firstReadAfter,
                cas(2, 6, 7, "x", "1", "3", true),
                get(3, 8, 9, "x", "3")), "x", firstReadAfter);
    }

    @Test
    void appendAppliedTwice() {
        Operation<KvInput, KvOutput> twice = get(2, 4, 5, "x", "aa");
        assertViolation(List.of(
                append(0, 0, 1, "x", "a"),
                get(1, 2, 3, "x", "a"),
                twice), "x", twice);
    }

    @Test
    void timedOutAppendAppliedTwice() {
        Operation<KvInput, KvOutput> twice = get(2, 4, 5, "x", "aa");
        assertViolation(List.of(
                unknown(0, 0, new KvInput.Append("x", "a")),
                get(1, 2, 3, "x", "a"),
                twice), "x", twice);
    }

    @Test
    void putAppliedAgainAfterALaterPut() {
        Operation<KvInput, KvOutput> replayed = get(3, 6, 7, "x", "a");
        assertViolation(List.of(
                put(0, 0, 1, "x", "a"),
                put(1, 2, 3, "x", "b"),
                get(2, 4, 5, "x", "b"),
                replayed), "x", replayed);
    }

    @Test
    void casSucceededAgainstAValueThatWasNotCurrent() {
        Operation<KvInput, KvOutput> badCas = cas(2, 4, 5, "x", "1", "3", true);
        assertViolation(List.of(
                put(0, 0, 1, "x", "1"),
                put(1, 2, 3, "x", "2"),
                badCas), "x", badCas);
    }

    @Test
    void casFailedAlthoughTheValueMatched() {
        Operation<KvInput, KvOutput> badCas = cas(1, 2, 3, "x", "1", "3", false);
        assertViolation(List.of(
                put(0, 0, 1, "x", "1"),
                badCas), "x", badCas);
    }

    @Test
    void deleteOfAnAbsentKeyReportedAsExisted() {
        Operation<KvInput, KvOutput> badDelete = delete(1, 4, 5, "x", true);
        assertViolation(List.of(
                put(0, 0, 1, "x", "1"),
                delete(0, 2, 3, "x", true),
                badDelete), "x", badDelete);
    }

    @Test
    void deleteOfANeverWrittenKeyReportedAsExisted() {
        Operation<KvInput, KvOutput> badDelete = delete(0, 0, 1, "x", true);
        assertViolation(List.of(badDelete, put(1, 2, 3, "x", "1")), "x", badDelete);
    }

    @Test
    void violationOnOneKeyIsReportedByThatKey() {
        Operation<KvInput, KvOutput> stale = get(2, 4, 5, "b", "1");
        assertViolation(List.of(
                put(0, 0, 1, "a", "1"),
                put(0, 2, 3, "b", "2"),
                put(1, 0, 1, "b", "1"),
                get(2, 6, 7, "a", "1"),
                stale), "b", stale);
    }
}
