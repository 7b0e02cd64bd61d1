package org.pekkoraft.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Porcupine's public histories with the verdicts its own tests expect (see
 * {@code src/test/resources/lincheck/SOURCE.md}).
 */
class PorcupineDataTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The etcd logs that are linearizable; all other numbers except the empty 095 are not. */
    private static final Set<Integer> LINEARIZABLE_ETCD_LOGS = Set.of(
            2, 5, 7, 18, 25, 31, 38, 45, 48, 49, 51, 53, 56, 67, 75, 76, 80, 87, 92, 98, 100, 101, 102);

    static Stream<Arguments> kvHistories() {
        return Stream.of("c01", "c10", "c50").flatMap(clients -> Stream.of(
                Arguments.of(clients + "-ok", Verdict.LINEARIZABLE),
                Arguments.of(clients + "-bad", Verdict.NOT_LINEARIZABLE)));
    }

    static Stream<Arguments> etcdLogs() {
        return IntStream.rangeClosed(0, 102)
                .filter(n -> n != 95)
                .mapToObj(n -> Arguments.of(String.format("etcd_%03d", n),
                        LINEARIZABLE_ETCD_LOGS.contains(n) ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("kvHistories")
    void kvHistory(String name, Verdict expected) {
        List<Operation<KvInput, KvOutput>> history = PorcupineKvParser.parseResource("lincheck/kv/" + name + ".txt");
        assertFalse(history.isEmpty());
        Result result = LinearizabilityChecker.check(new KvModel(), history, TIMEOUT);
        assertEquals(expected, result.verdict(), result::explanation);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("etcdLogs")
    void etcdLog(String name, Verdict expected) {
        List<Operation<RegisterInput, RegisterOutput>> history =
                JepsenEtcdParser.parseResource("lincheck/jepsen/" + name + ".log");
        assertFalse(history.isEmpty());
        Result result = LinearizabilityChecker.check(new RegisterModel(), history, TIMEOUT);
        assertEquals(expected, result.verdict(), result::explanation);
    }
}
