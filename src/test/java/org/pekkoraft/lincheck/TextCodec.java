package org.pekkoraft.lincheck;

/**
 * Converts operation inputs and outputs to and from single-line text for {@link HistoryFile}.
 * Formatted text must not contain tabs or line breaks. Parse methods throw
 * {@link IllegalArgumentException} with a message describing what is wrong.
 */
public interface TextCodec<I, O> {

    String formatInput(I input);

    I parseInput(String text);

    String formatOutput(O output);

    /** Parses the output of an operation with the given input, which determines its kind. */
    O parseOutput(I input, String text);
}
