package org.pekkoraft.lincheck;

/** A history file or log has a line that cannot be parsed; the message quotes its number and text. */
public final class MalformedHistoryException extends RuntimeException {

    public MalformedHistoryException(String source, int lineNumber, String line, String problem) {
        super(source + ":" + lineNumber + ": " + problem + "\n  line: " + line);
    }
}
