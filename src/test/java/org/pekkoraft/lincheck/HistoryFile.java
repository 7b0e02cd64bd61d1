package org.pekkoraft.lincheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Saves a history to a UTF-8 text file and reads it back, so that a failing test can leave its
 * history behind for replay. One operation per line, five tab-separated fields:
 *
 * <pre>
 * process  call  return  input  output
 * </pre>
 *
 * where {@code call} and {@code return} are decimal timestamps, {@code input} and {@code output}
 * are in the form of the given {@link TextCodec} (e.g. {@link KvTextCodec}), and an operation with
 * an unknown outcome has {@code ?} as both its return and its output. Blank lines and lines
 * starting with {@code #} are ignored.
 */
public final class HistoryFile {

    private static final String UNKNOWN = "?";
    private static final String HEADER = "# lincheck history: process\tcall\treturn\tinput\toutput"
            + " (? = unknown outcome)";

    private HistoryFile() {
    }

    /** Writes {@code history} to {@code file}, replacing it. */
    public static <I, O> void write(Path file, List<Operation<I, O>> history, TextCodec<I, O> codec) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            for (Operation<I, O> op : history) {
                out.write(format(op, codec) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write history to " + file, e);
        }
    }

    /** Reads a history written by {@link #write}; malformed lines are reported with their number. */
    public static <I, O> List<Operation<I, O>> read(Path file, TextCodec<I, O> codec) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString(), codec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read history from " + file, e);
        }
    }

    /** Reads a history from {@code in}; {@code source} names it in error messages. */
    public static <I, O> List<Operation<I, O>> read(BufferedReader in, String source, TextCodec<I, O> codec)
            throws IOException {
        List<Operation<I, O>> history = new ArrayList<>();
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                history.add(parse(line, codec));
            } catch (RuntimeException e) {
                throw new MalformedHistoryException(source, number, line, e.getMessage());
            }
        }
        return history;
    }

    static <I, O> String format(Operation<I, O> op, TextCodec<I, O> codec) {
        String input = codec.formatInput(op.input());
        String output = op.isUnknown() ? UNKNOWN : codec.formatOutput(op.output());
        if (input.contains("\t") || input.contains("\n") || output.contains("\t") || output.contains("\n")) {
            throw new IllegalArgumentException("codec produced a tab or line break for " + op);
        }
        String ret = op.isUnknown() ? UNKNOWN : Long.toString(op.ret());
        return op.process() + "\t" + op.call() + "\t" + ret + "\t" + input + "\t" + output;
    }

    private static <I, O> Operation<I, O> parse(String line, TextCodec<I, O> codec) {
        String[] f = line.split("\t", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException("expected 5 tab-separated fields, found " + f.length);
        }
        int process = Math.toIntExact(number(f[0], "process"));
        long call = number(f[1], "call");
        I input = codec.parseInput(f[3]);
        boolean unknownReturn = f[2].equals(UNKNOWN);
        if (unknownReturn != f[4].equals(UNKNOWN)) {
            throw new IllegalArgumentException("return and output must both be ? or neither");
        }
        if (unknownReturn) {
            return Operation.unknown(process, input, call);
        }
        return Operation.completed(process, input, call, codec.parseOutput(input, f[4]), number(f[2], "return"));
    }

    private static long number(String field, String name) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a decimal number, not \"" + field + "\"");
        }
    }
}
