package org.pekkoraft.lincheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sequential specification of the replicated key-value store, checked one key at a time
 * (operations on distinct keys commute, so a history is linearizable iff each key's is). The state
 * of one key is its value, or empty when absent.
 *
 * <p>An output of the wrong kind for its input (say a {@link KvOutput.Ok} for a
 * {@link KvInput.Get}) is a bug in the test, not in the store, and is reported with an
 * {@link IllegalArgumentException}.
 */
public final class KvModel implements Model<Optional<String>, KvInput, KvOutput> {

    @Override
    public Optional<String> init() {
        return Optional.empty();
    }

    @Override
    public Optional<String> step(Optional<String> state, KvInput input, KvOutput output) {
        if (input instanceof KvInput.Get) {
            if (output == null) {
                return state;
            }
            String read = expect(output, KvOutput.Value.class, input).value();
            return Objects.equals(read, state.orElse(null)) ? state : null;
        }
        if (input instanceof KvInput.Put put) {
            expectOkOrUnknown(output, input);
            return Optional.of(put.value());
        }
        if (input instanceof KvInput.Append append) {
            expectOkOrUnknown(output, input);
            return Optional.of(state.orElse("") + append.value());
        }
        if (input instanceof KvInput.Delete) {
            if (output != null && expect(output, KvOutput.Existed.class, input).existed() != state.isPresent()) {
                return null;
            }
            return Optional.empty();
        }
        if (input instanceof KvInput.Cas cas) {
            boolean matches = Objects.equals(state.orElse(null), cas.expected());
            if (output != null && expect(output, KvOutput.Applied.class, input).applied() != matches) {
                return null;
            }
            return matches ? Optional.of(cas.newValue()) : state;
        }
        throw new IllegalArgumentException("unknown input " + input);
    }

    @Override
    public boolean isReadOnly(KvInput input, KvOutput output) {
        return input instanceof KvInput.Get
                || output instanceof KvOutput.Applied applied && !applied.applied()
                || output instanceof KvOutput.Existed existed && !existed.existed();
    }

    @Override
    public List<List<Operation<KvInput, KvOutput>>> partition(List<Operation<KvInput, KvOutput>> history) {
        Map<String, List<Operation<KvInput, KvOutput>>> byKey = new LinkedHashMap<>();
        for (Operation<KvInput, KvOutput> op : history) {
            byKey.computeIfAbsent(op.input().key(), k -> new ArrayList<>()).add(op);
        }
        return new ArrayList<>(byKey.values());
    }

    @Override
    public String describePartition(List<Operation<KvInput, KvOutput>> part) {
        return part.isEmpty() ? "empty partition" : "key \"" + part.get(0).input().key() + "\"";
    }

    private static void expectOkOrUnknown(KvOutput output, KvInput input) {
        if (output != null) {
            expect(output, KvOutput.Ok.class, input);
        }
    }

    private static <T extends KvOutput> T expect(KvOutput output, Class<T> kind, KvInput input) {
        if (!kind.isInstance(output)) {
            throw new IllegalArgumentException(input + " must be answered with " + kind.getSimpleName()
                    + ", not " + output);
        }
        return kind.cast(output);
    }
}
