package org.pekkoraft.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving histories to text and reading them back. */
class HistoryFileTest {

    private static final KvTextCodec CODEC = new KvTextCodec();

    @TempDir
    Path dir;

    @Test
    void recordedHistoryRoundTripsThroughAFile() {
        AtomicLong clock = new AtomicLong(1_000);
        History<KvInput, KvOutput> history = new History<>(() -> clock.addAndGet(7));
        String awkward = "tab\there \"quoted\" back\\slash\nnew line \u00e9\u4e2d \u0001 nil";
        History.Handle put = history.invoke(0, new KvInput.Put("k ey", awkward));
        History.Handle get = history.invoke(1, new KvInput.Get("k ey"));
        History.Handle absent = history.invoke(2, new KvInput.Get("other"));
        History.Handle nilString = history.invoke(2, new KvInput.Put("nil", "nil"));
        History.Handle empty = history.invoke(3, new KvInput.Append("k ey", ""));
        History.Handle delete = history.invoke(4, new KvInput.Delete("gone"));
        History.Handle casAbsent = history.invoke(5, new KvInput.Cas("c", null, "v"));
        History.Handle casValue = history.invoke(6, new KvInput.Cas("c", "v", "w"));
        history.invoke(7, new KvInput.Put("pending", "p"));
        history.ok(put, KvOutput.OK);
        history.ok(get, KvOutput.Value.of(awkward));
        history.ok(absent, KvOutput.Value.absent());
        history.ok(nilString, KvOutput.OK);
        history.info(empty);
        history.ok(delete, new KvOutput.Existed(false));
        history.ok(casAbsent, new KvOutput.Applied(true));
        history.ok(casValue, new KvOutput.Applied(false));
        List<Operation<KvInput, KvOutput>> original = history.operations();

        Path file = dir.resolve("history.txt");
        HistoryFile.write(file, original, CODEC);

        assertEquals(original, HistoryFile.read(file, CODEC));
    }

    @Test
    void fileFormatIsOneReadableLinePerOperation() throws IOException {
        Path file = dir.resolve("history.txt");
        HistoryFile.write(file, List.of(
                KvOps.cas(3, 10, 20, "x", null, "a b", true),
                KvOps.get(4, 11, 21, "x", null),
                KvOps.unknown(5, 12, new KvInput.Put("x", "v"))), CODEC);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(List.of(
                "# lincheck history: process\tcall\treturn\tinput\toutput (? = unknown outcome)",
                "3\t10\t20\tcas \"x\" nil \"a b\"\ttrue",
                "4\t11\t21\tget \"x\"\tnil",
                "5\t12\t?\tput \"x\" \"v\"\t?"), lines);
    }

    @Test
    void malformedLinesAreReportedWithTheirNumberAndText() throws IOException {
        assertMalformed("1\t0\t1\tget \"x\"\tok", ":2: ", "expected a quoted string or nil instead of ok");
        assertMalformed("1\t0\t1\tget \"x\"\t\"a\" \"b\"", ":2: ", "expected one output token");
        assertMalformed("1\t0\t1\tget \"x\"\t\"v\"\textra", ":2: ", "expected 5 tab-separated fields");
        assertMalformed("1\t0\t?\tget \"x\"\t\"v\"", ":2: ", "both be ?");
        assertMalformed("1\t0\t1\tfrob \"x\"\tok", ":2: ", "expected get/put/append/delete/cas");
        assertMalformed("1\t0\t1\tput \"x \"v\"\tok", ":2: ", "missing space after string");
        assertMalformed("1\t0\t1\tput \"x\" \"v\\q\"\tok", ":2: ", "bad escape");
        assertMalformed("1\t5\t1\tput \"x\" \"v\"\tok", ":2: ", "before call");
        assertMalformed("one\t0\t1\tget \"x\"\tnil", ":2: ", "process must be a decimal number");
    }

    private void assertMalformed(String badLine, String... expectedFragments) throws IOException {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "# header\n" + badLine + "\n", StandardCharsets.UTF_8);
        MalformedHistoryException e = assertThrows(MalformedHistoryException.class,
                () -> HistoryFile.read(file, CODEC));
        for (String fragment : expectedFragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "missing '" + fragment + "' in: " + e.getMessage());
        }
        assertTrue(e.getMessage().endsWith("line: " + badLine), e::getMessage);
    }
}
