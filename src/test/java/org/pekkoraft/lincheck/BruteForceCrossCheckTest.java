package org.pekkoraft.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compares the checker, with its memoization, read-only shortcut and partitioning, against a
 * direct enumeration of all real-time-respecting orders on many small random histories.
 */
class BruteForceCrossCheckTest {

    private static final KvModel MODEL = new KvModel();
    private static final String[] KEYS = {"x", "y"};
    private static final String[] VALUES = {"a", "b"};

    @Test
    void agreesWithExhaustiveEnumeration() {
        Random random = new Random(20240611);
        int linearizable = 0;
        int histories = 3000;
        for (int i = 0; i < histories; i++) {
            List<Operation<KvInput, KvOutput>> history = randomHistory(random);
            boolean expected = MODEL.partition(history).stream().allMatch(part -> enumerate(part, MODEL.init()));
            Result result = LinearizabilityChecker.check(MODEL, history, Duration.ofSeconds(30));
            assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, result.verdict(),
                    () -> "history " + history + "\n" + result.explanation());
            linearizable += expected ? 1 : 0;
        }
        // Both verdicts must be well represented, or the comparison proves little.
        assertTrue(linearizable > histories / 5 && linearizable < histories * 4 / 5, "linearizable: " + linearizable);
    }

    /** Whether the operations in {@code left} can be ordered, respecting real time, from {@code state}. */
    private static boolean enumerate(List<Operation<KvInput, KvOutput>> left, Optional<String> state) {
        if (left.stream().allMatch(Operation::isUnknown)) {
            return true;
        }
        for (Operation<KvInput, KvOutput> op : left) {
            boolean minimal = left.stream().noneMatch(other -> other.ret() < op.call());
            Optional<String> next = minimal ? MODEL.step(state, op.input(), op.output()) : null;
            if (next != null) {
                List<Operation<KvInput, KvOutput>> rest = new ArrayList<>(left);
                rest.remove(op);
                if (enumerate(rest, next)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Up to three processes each issue a few operations one after another, with random overlap
     * and random outputs from a small domain, so that both verdicts are common.
     */
    private static List<Operation<KvInput, KvOutput>> randomHistory(Random random) {
        List<Operation<KvInput, KvOutput>> history = new ArrayList<>();
        int processes = 1 + random.nextInt(3);
        for (int p = 0; p < processes; p++) {
            long time = random.nextInt(4);
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                KvInput input = randomInput(random);
                long call = time;
                if (i == count - 1 && random.nextInt(5) == 0) {
                    history.add(Operation.unknown(p, input, call));
                    break;
                }
                long ret = call + random.nextInt(6);
                history.add(Operation.completed(p, input, call, randomOutput(random, input), ret));
                time = ret + 1 + random.nextInt(2);
            }
        }
        return history;
    }

    private static KvInput randomInput(Random random) {
        String key = KEYS[random.nextInt(KEYS.length)];
        String value = VALUES[random.nextInt(VALUES.length)];
        switch (random.nextInt(5)) {
            case 0:
                return new KvInput.Get(key);
            case 1:
                return new KvInput.Put(key, value);
            case 2:
                return new KvInput.Append(key, value);
            case 3:
                return new KvInput.Delete(key);
            default:
                return new KvInput.Cas(key, random.nextBoolean() ? null : VALUES[random.nextInt(VALUES.length)], value);
        }
    }

    private static KvOutput randomOutput(Random random, KvInput input) {
        if (input instanceof KvInput.Get) {
            String[] seen = {null, "a", "b", "ab", "ba", "aa"};
            return new KvOutput.Value(seen[random.nextInt(seen.length)]);
        }
        if (input instanceof KvInput.Delete) {
            return new KvOutput.Existed(random.nextBoolean());
        }
        if (input instanceof KvInput.Cas) {
            return new KvOutput.Applied(random.nextBoolean());
        }
        return KvOutput.OK;
    }
}
