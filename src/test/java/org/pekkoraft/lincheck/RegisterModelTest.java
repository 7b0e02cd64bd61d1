package org.pekkoraft.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made cas-register histories; times are logical. */
class RegisterModelTest {

    private static Operation<RegisterInput, RegisterOutput> read(int p, long call, long ret, Integer value) {
        return Operation.completed(p, new RegisterInput.Read(), call, new RegisterOutput.Value(value), ret);
    }

    private static Operation<RegisterInput, RegisterOutput> write(int p, long call, long ret, int value) {
        return Operation.completed(p, new RegisterInput.Write(value), call, RegisterOutput.OK, ret);
    }

    private static Operation<RegisterInput, RegisterOutput> cas(int p, long call, long ret, int from, int to,
            boolean applied) {
        return Operation.completed(p, new RegisterInput.Cas(from, to), call, new RegisterOutput.Applied(applied), ret);
    }

    private static Verdict check(List<Operation<RegisterInput, RegisterOutput>> history) {
        return LinearizabilityChecker.check(new RegisterModel(), history, Duration.ofSeconds(30)).verdict();
    }

    @Test
    void sequentialReadWriteCas() {
        assertEquals(Verdict.LINEARIZABLE, check(List.of(
                read(0, 0, 1, null),
                cas(0, 2, 3, 0, 1, false),
                write(0, 4, 5, 0),
                cas(0, 6, 7, 0, 1, true),
                cas(0, 8, 9, 0, 2, false),
                read(0, 10, 11, 1))));
    }

    @Test
    void timedOutCasExplainsALaterRead() {
        assertEquals(Verdict.LINEARIZABLE, check(List.of(
                write(0, 0, 1, 3),
                Operation.unknown(1, new RegisterInput.Cas(3, 4), 2),
                read(2, 5, 6, 4))));
    }

    @Test
    void failedCasWhileTheRegisterHeldItsExpectedValue() {
        assertEquals(Verdict.NOT_LINEARIZABLE, check(List.of(
                write(0, 0, 1, 3),
                cas(1, 2, 3, 3, 4, false),
                read(2, 4, 5, 3))));
    }

    @Test
    void readOfAValueNeverWritten() {
        assertEquals(Verdict.NOT_LINEARIZABLE, check(List.of(
                write(0, 0, 1, 1),
                write(1, 0, 2, 2),
                read(2, 3, 4, 3))));
    }
}
