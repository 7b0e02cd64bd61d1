package org.pekkoraft.lincheck;

/**
 * Shorthands for writing key-value histories by hand, one completed or unknown operation per
 * call, with explicit logical timestamps: {@code get(1, 4, 5, "x", "1")} is process 1 reading
 * {@code "1"} from key {@code "x"} between times 4 and 5.
 */
public final class KvOps {

    private KvOps() {
    }

    /** A completed get; {@code value == null} means the key was read as absent. */
    public static Operation<KvInput, KvOutput> get(int process, long call, long ret, String key, String value) {
        return Operation.completed(process, new KvInput.Get(key), call, new KvOutput.Value(value), ret);
    }

    public static Operation<KvInput, KvOutput> put(int process, long call, long ret, String key, String value) {
        return Operation.completed(process, new KvInput.Put(key, value), call, KvOutput.OK, ret);
    }

    public static Operation<KvInput, KvOutput> append(int process, long call, long ret, String key, String value) {
        return Operation.completed(process, new KvInput.Append(key, value), call, KvOutput.OK, ret);
    }

    public static Operation<KvInput, KvOutput> delete(int process, long call, long ret, String key, boolean existed) {
        return Operation.completed(process, new KvInput.Delete(key), call, new KvOutput.Existed(existed), ret);
    }

    /** A completed compare-and-set; {@code expected == null} requires the key to be absent. */
    public static Operation<KvInput, KvOutput> cas(int process, long call, long ret, String key, String expected,
            String newValue, boolean applied) {
        return Operation.completed(process, new KvInput.Cas(key, expected, newValue), call,
                new KvOutput.Applied(applied), ret);
    }

    /** An operation issued at {@code call} whose outcome is unknown (the client timed out). */
    public static Operation<KvInput, KvOutput> unknown(int process, long call, KvInput input) {
        return Operation.unknown(process, input, call);
    }
}
