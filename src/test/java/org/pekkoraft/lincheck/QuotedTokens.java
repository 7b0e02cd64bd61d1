package org.pekkoraft.lincheck;

import java.util.ArrayList;
import java.util.List;

/**
 * Space-separated tokens where a token is either bare ({@code get}, {@code nil}) or a
 * double-quoted string in which a backslash escapes a quote, a backslash, {@code n}, {@code r},
 * {@code t}, or {@code u} followed by four hex digits, so that any string, including empty ones and
 * ones with spaces or line breaks, fits on one line.
 */
final class QuotedTokens {

    /** One token; {@code quoted} tells {@code "nil"} (a string) from {@code nil} (a bare word). */
    record Token(String text, boolean quoted) {
    }

    private QuotedTokens() {
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static List<Token> split(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                StringBuilder s = new StringBuilder();
                i = readQuoted(text, i + 1, s);
                tokens.add(new Token(s.toString(), true));
            } else {
                int end = text.indexOf(' ', i);
                end = end < 0 ? text.length() : end;
                String word = text.substring(i, end);
                if (word.indexOf('"') >= 0) {
                    throw new IllegalArgumentException("stray quote in \"" + word + "\" at column " + (i + 1));
                }
                tokens.add(new Token(word, false));
                i = end;
            }
        }
        return tokens;
    }

    /** Reads a quoted string starting after its opening quote; returns the index after the closing one. */
    private static int readQuoted(String text, int start, StringBuilder out) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '"') {
                if (i < text.length() && text.charAt(i) != ' ') {
                    throw new IllegalArgumentException("missing space after string ending at column " + i);
                }
                return i;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= text.length()) {
                break;
            }
            char e = text.charAt(i++);
            if (e == 'n') {
                out.append('\n');
            } else if (e == 'r') {
                out.append('\r');
            } else if (e == 't') {
                out.append('\t');
            } else if (e == '"' || e == '\\') {
                out.append(e);
            } else if (e == 'u' && i + 4 <= text.length()) {
                try {
                    out.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                } catch (NumberFormatException bad) {
                    throw new IllegalArgumentException("bad \\u escape at column " + (i - 1));
                }
                i += 4;
            } else {
                throw new IllegalArgumentException("bad escape \\" + e + " at column " + (i - 1));
            }
        }
        throw new IllegalArgumentException("unterminated string starting at column " + start);
    }
}
