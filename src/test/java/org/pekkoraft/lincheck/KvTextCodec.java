package org.pekkoraft.lincheck;

import java.util.List;

/**
 * The text form of key-value operations for {@link HistoryFile}. Strings are always quoted (see
 * {@link QuotedTokens}); a bare {@code nil} is an absent value.
 *
 * <pre>
 * input                            output
 * get "k"                          "v" or nil
 * put "k" "v"                      ok
 * append "k" "v"                   ok
 * delete "k"                       true or false (whether the key existed)
 * cas "k" "expected"|nil "new"     true or false (whether it was applied)
 * </pre>
 */
public final class KvTextCodec implements TextCodec<KvInput, KvOutput> {

    private static final String NIL = "nil";

    @Override
    public String formatInput(KvInput input) {
        String key = QuotedTokens.quote(input.key());
        if (input instanceof KvInput.Get) {
            return "get " + key;
        }
        if (input instanceof KvInput.Put put) {
            return "put " + key + " " + QuotedTokens.quote(put.value());
        }
        if (input instanceof KvInput.Append append) {
            return "append " + key + " " + QuotedTokens.quote(append.value());
        }
        if (input instanceof KvInput.Delete) {
            return "delete " + key;
        }
        if (input instanceof KvInput.Cas cas) {
            return "cas " + key + " " + quoteOrNil(cas.expected()) + " " + QuotedTokens.quote(cas.newValue());
        }
        throw new IllegalArgumentException("unknown input " + input);
    }

    @Override
    public KvInput parseInput(String text) {
        List<QuotedTokens.Token> t = QuotedTokens.split(text);
        if (t.isEmpty() || t.get(0).quoted()) {
            throw new IllegalArgumentException("expected an operation name, got: " + text);
        }
        String name = t.get(0).text();
        if (name.equals("get") && t.size() == 2) {
            return new KvInput.Get(string(t.get(1), text));
        }
        if (name.equals("put") && t.size() == 3) {
            return new KvInput.Put(string(t.get(1), text), string(t.get(2), text));
        }
        if (name.equals("append") && t.size() == 3) {
            return new KvInput.Append(string(t.get(1), text), string(t.get(2), text));
        }
        if (name.equals("delete") && t.size() == 2) {
            return new KvInput.Delete(string(t.get(1), text));
        }
        if (name.equals("cas") && t.size() == 4) {
            return new KvInput.Cas(string(t.get(1), text), stringOrNil(t.get(2), text), string(t.get(3), text));
        }
        throw new IllegalArgumentException("expected get/put/append/delete/cas with its arguments, got: " + text);
    }

    @Override
    public String formatOutput(KvOutput output) {
        if (output instanceof KvOutput.Value value) {
            return quoteOrNil(value.value());
        }
        if (output instanceof KvOutput.Ok) {
            return "ok";
        }
        if (output instanceof KvOutput.Existed existed) {
            return Boolean.toString(existed.existed());
        }
        if (output instanceof KvOutput.Applied applied) {
            return Boolean.toString(applied.applied());
        }
        throw new IllegalArgumentException("unknown output " + output);
    }

    @Override
    public KvOutput parseOutput(KvInput input, String text) {
        List<QuotedTokens.Token> t = QuotedTokens.split(text);
        if (t.size() != 1) {
            throw new IllegalArgumentException("expected one output token, got: " + text);
        }
        QuotedTokens.Token token = t.get(0);
        if (input instanceof KvInput.Get) {
            return new KvOutput.Value(stringOrNil(token, text));
        }
        if (input instanceof KvInput.Put || input instanceof KvInput.Append) {
            if (token.quoted() || !token.text().equals("ok")) {
                throw new IllegalArgumentException("expected ok, got: " + text);
            }
            return KvOutput.OK;
        }
        boolean flag = bool(token, text);
        return input instanceof KvInput.Delete ? new KvOutput.Existed(flag) : new KvOutput.Applied(flag);
    }

    private static String quoteOrNil(String s) {
        return s == null ? NIL : QuotedTokens.quote(s);
    }

    private static String string(QuotedTokens.Token token, String text) {
        if (!token.quoted()) {
            throw new IllegalArgumentException("expected a quoted string instead of " + token.text() + " in: " + text);
        }
        return token.text();
    }

    private static String stringOrNil(QuotedTokens.Token token, String text) {
        if (token.quoted()) {
            return token.text();
        }
        if (token.text().equals(NIL)) {
            return null;
        }
        throw new IllegalArgumentException("expected a quoted string or nil instead of " + token.text() + " in: " + text);
    }

    private static boolean bool(QuotedTokens.Token token, String text) {
        if (!token.quoted() && (token.text().equals("true") || token.text().equals("false"))) {
            return Boolean.parseBoolean(token.text());
        }
        throw new IllegalArgumentException("expected true or false, got: " + text);
    }
}
