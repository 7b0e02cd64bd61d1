package org.pekkoraft.lincheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Jepsen etcd cas-register logs ({@code etcd_*.log}), lines such as
 * {@code INFO  jepsen.util - 2 :ok :cas [3 0]} (fields separated by tabs or spaces). Line numbers serve
 * as timestamps.
 *
 * <ul>
 *   <li>{@code :invoke} opens {@code :read nil}, {@code :write v} or {@code :cas [from to]};
 *   <li>{@code :ok} answers it: the value read, the write acknowledged, the cas applied;
 *   <li>{@code :fail :cas [from to]} is a definite answer that the comparison did not match;
 *       any other {@code :fail} (a timed-out read) means the operation had no effect, and it is
 *       dropped;
 *   <li>{@code :info} (timed out) leaves the outcome unknown.
 * </ul>
 */
public final class JepsenEtcdParser {

    private static final Pattern LINE = Pattern.compile(
            "INFO\\s+jepsen\\.util\\s+-\\s+(\\d+)\\s+:(invoke|ok|fail|info)\\s+:(read|write|cas)\\s+(.*?)\\s*");
    private static final Pattern PAIR = Pattern.compile("\\[(-?\\d+) (-?\\d+)]");

    private record Pending(History.Handle handle, RegisterInput input) {
    }

    private JepsenEtcdParser() {
    }

    /** Parses a resource on the test classpath, e.g. {@code lincheck/jepsen/etcd_000.log}. */
    public static List<Operation<RegisterInput, RegisterOutput>> parseResource(String resource) {
        return ClasspathData.parse(resource, JepsenEtcdParser::parse);
    }

    /** Parses a log; {@code source} names it in {@link MalformedHistoryException} messages. */
    public static List<Operation<RegisterInput, RegisterOutput>> parse(BufferedReader in, String source)
            throws IOException {
        long[] lineNumber = {0};
        History<RegisterInput, RegisterOutput> history = new History<>(() -> lineNumber[0]);
        Map<Integer, Pending> inFlight = new HashMap<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber[0]++;
            if (line.isBlank()) {
                continue;
            }
            try {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException("not a jepsen.util operation line");
                }
                apply(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(4), history, inFlight);
            } catch (RuntimeException e) {
                throw new MalformedHistoryException(source, (int) lineNumber[0], line, e.getMessage());
            }
        }
        return history.operations();
    }

    private static void apply(int process, String type, String f, String value,
            History<RegisterInput, RegisterOutput> history, Map<Integer, Pending> inFlight) {
        if (type.equals("invoke")) {
            if (inFlight.containsKey(process)) {
                throw new IllegalArgumentException("process " + process + " invokes while its previous operation is open");
            }
            RegisterInput input = input(f, value);
            inFlight.put(process, new Pending(history.invoke(process, input), input));
            return;
        }
        Pending pending = inFlight.remove(process);
        if (pending == null || !f.equals(name(pending.input()))) {
            throw new IllegalArgumentException("no open :" + f + " by process " + process);
        }
        if (type.equals("info")) {
            history.info(pending.handle());
        } else if (type.equals("ok")) {
            history.ok(pending.handle(), okOutput(pending.input(), value));
        } else if (pending.input() instanceof RegisterInput.Cas) {
            requireEcho(pending.input(), value);
            history.ok(pending.handle(), new RegisterOutput.Applied(false));
        } else {
            history.fail(pending.handle());
        }
    }

    private static RegisterInput input(String f, String value) {
        if (f.equals("read")) {
            if (!value.equals("nil")) {
                throw new IllegalArgumentException("a read is invoked with nil, not " + value);
            }
            return new RegisterInput.Read();
        }
        if (f.equals("write")) {
            return new RegisterInput.Write(integer(value));
        }
        Matcher pair = PAIR.matcher(value);
        if (!pair.matches()) {
            throw new IllegalArgumentException("a cas takes [from to], not " + value);
        }
        return new RegisterInput.Cas(Integer.parseInt(pair.group(1)), Integer.parseInt(pair.group(2)));
    }

    private static RegisterOutput okOutput(RegisterInput input, String value) {
        if (input instanceof RegisterInput.Read) {
            return new RegisterOutput.Value(value.equals("nil") ? null : integer(value));
        }
        requireEcho(input, value);
        return input instanceof RegisterInput.Write ? RegisterOutput.OK : new RegisterOutput.Applied(true);
    }

    /** Jepsen repeats a write's or cas's argument in its completion; a different one means a garbled log. */
    private static void requireEcho(RegisterInput input, String value) {
        if (!input(name(input), value).equals(input)) {
            throw new IllegalArgumentException("completion " + value + " does not match the invocation " + input);
        }
    }

    private static String name(RegisterInput input) {
        if (input instanceof RegisterInput.Read) {
            return "read";
        }
        return input instanceof RegisterInput.Write ? "write" : "cas";
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer, not " + value);
        }
    }
}
