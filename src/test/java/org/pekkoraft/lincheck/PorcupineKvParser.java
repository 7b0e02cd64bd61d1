package org.pekkoraft.lincheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Porcupine's key-value histories ({@code test_data/kv/*.txt}): one EDN map per line, e.g.
 * {@code {:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}}, with {@code :type}
 * {@code :invoke}, {@code :ok}, {@code :fail} or {@code :info} and {@code :f} {@code :get},
 * {@code :put} or {@code :append}. Line numbers serve as timestamps; an invocation never answered
 * has an unknown outcome.
 *
 * <p>Porcupine's store has no absent keys: a missing key reads as {@code ""}. Here a read of
 * {@code ""} becomes {@link KvOutput.Value#absent()}, which {@link KvModel} treats the same way as
 * long as no put or append writes the empty string; the parser rejects such writes to keep that true.
 */
public final class PorcupineKvParser {

    private record Pending(History.Handle handle, String f, String key) {
    }

    private PorcupineKvParser() {
    }

    /** Parses a resource on the test classpath, e.g. {@code lincheck/kv/c01-ok.txt}. */
    public static List<Operation<KvInput, KvOutput>> parseResource(String resource) {
        return ClasspathData.parse(resource, PorcupineKvParser::parse);
    }

    /** Parses a history; {@code source} names it in {@link MalformedHistoryException} messages. */
    public static List<Operation<KvInput, KvOutput>> parse(BufferedReader in, String source) throws IOException {
        long[] lineNumber = {0};
        History<KvInput, KvOutput> history = new History<>(() -> lineNumber[0]);
        Map<Integer, Pending> inFlight = new HashMap<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber[0]++;
            if (line.isBlank()) {
                continue;
            }
            try {
                apply(EdnMap.parse(line), history, inFlight);
            } catch (RuntimeException e) {
                throw new MalformedHistoryException(source, (int) lineNumber[0], line, e.getMessage());
            }
        }
        return history.operations();
    }

    private static void apply(Map<String, Object> event, History<KvInput, KvOutput> history,
            Map<Integer, Pending> inFlight) {
        int process = Math.toIntExact(field(event, "process", Long.class));
        String type = field(event, "type", EdnMap.Keyword.class).name();
        String f = field(event, "f", EdnMap.Keyword.class).name();
        String key = field(event, "key", String.class);
        if (type.equals("invoke")) {
            if (inFlight.containsKey(process)) {
                throw new IllegalArgumentException("process " + process + " invokes while its previous operation is open");
            }
            inFlight.put(process, new Pending(history.invoke(process, input(f, key, event)), f, key));
            return;
        }
        Pending pending = inFlight.remove(process);
        if (pending == null || !pending.f().equals(f) || !pending.key().equals(key)) {
            throw new IllegalArgumentException("no open :" + f + " of key \"" + key + "\" by process " + process);
        }
        if (type.equals("ok")) {
            history.ok(pending.handle(), f.equals("get") ? readValue(event) : KvOutput.OK);
        } else if (type.equals("fail")) {
            history.fail(pending.handle());
        } else if (type.equals("info")) {
            history.info(pending.handle());
        } else {
            throw new IllegalArgumentException("unknown :type :" + type);
        }
    }

    private static KvInput input(String f, String key, Map<String, Object> event) {
        if (f.equals("get")) {
            return new KvInput.Get(key);
        }
        if (!f.equals("put") && !f.equals("append")) {
            throw new IllegalArgumentException("unknown :f :" + f);
        }
        String value = field(event, "value", String.class);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("writing \"\" would be indistinguishable from an absent key");
        }
        return f.equals("put") ? new KvInput.Put(key, value) : new KvInput.Append(key, value);
    }

    private static KvOutput.Value readValue(Map<String, Object> event) {
        String value = field(event, "value", String.class);
        return value.isEmpty() ? KvOutput.Value.absent() : KvOutput.Value.of(value);
    }

    private static <T> T field(Map<String, Object> event, String name, Class<T> type) {
        Object value = event.get(name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("expected :" + name + " to be a " + type.getSimpleName()
                    + ", found " + (event.containsKey(name) ? value : "nothing"));
        }
        return type.cast(value);
    }
}
