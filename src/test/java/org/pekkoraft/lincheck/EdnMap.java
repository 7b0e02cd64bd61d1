package org.pekkoraft.lincheck;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one flat EDN map such as {@code {:process 0, :type :invoke, :key "0", :value nil}}: keyword
 * keys, and values that are keywords, strings, integers or {@code nil}. Enough for Jepsen-style
 * history lines; nested collections are rejected.
 */
final class EdnMap {

    /** An EDN keyword value such as {@code :invoke}, without its colon. */
    record Keyword(String name) {
    }

    private final String text;
    private int pos;

    private EdnMap(String text) {
        this.text = text;
    }

    /**
     * Parses {@code text}. Values are {@link Keyword}, {@link String}, {@link Long} or {@code null}
     * for {@code nil}.
     *
     * @throws IllegalArgumentException with the column of the first problem
     */
    static Map<String, Object> parse(String text) {
        return new EdnMap(text).map();
    }

    private Map<String, Object> map() {
        skipSpace();
        expect('{');
        Map<String, Object> result = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                break;
            }
            expect(':');
            String key = symbol();
            skipSpace();
            if (result.containsKey(key)) {
                throw error("duplicate key :" + key);
            }
            result.put(key, value());
        }
        skipSpace();
        if (pos != text.length()) {
            throw error("unexpected text after the map");
        }
        return result;
    }

    private Object value() {
        char c = peek();
        if (c == ':') {
            pos++;
            return new Keyword(symbol());
        }
        if (c == '"') {
            pos++;
            return string();
        }
        if (c == '-' || Character.isDigit(c)) {
            String digits = symbol();
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("bad integer " + digits);
            }
        }
        String word = symbol();
        if (word.equals("nil")) {
            return null;
        }
        throw error("unsupported value " + (word.isEmpty() ? "'" + c + "'" : word));
    }

    private String string() {
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                out.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
            } else {
                out.append(c);
            }
        }
        throw error("unterminated string");
    }

    /** Reads up to the next delimiter: whitespace, comma, brace or quote. */
    private String symbol() {
        int start = pos;
        while (pos < text.length() && " \t,{}\"".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a name or number");
        }
        return text.substring(start, pos);
    }

    /** Skips whitespace and commas, which EDN treats as whitespace. */
    private void skipSpace() {
        while (pos < text.length() && (Character.isWhitespace(text.charAt(pos)) || text.charAt(pos) == ',')) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of line");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at column " + (pos + 1));
    }
}
