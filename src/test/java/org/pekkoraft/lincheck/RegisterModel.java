package org.pekkoraft.lincheck;

import java.util.Objects;
import java.util.Optional;

/**
 * The sequential specification of a single integer register with read, write and compare-and-set,
 * initially empty (reads return nil). Outputs of the wrong kind for their input are test bugs and
 * raise {@link IllegalArgumentException}.
 */
public final class RegisterModel implements Model<Optional<Integer>, RegisterInput, RegisterOutput> {

    @Override
    public Optional<Integer> init() {
        return Optional.empty();
    }

    @Override
    public Optional<Integer> step(Optional<Integer> state, RegisterInput input, RegisterOutput output) {
        if (input instanceof RegisterInput.Read) {
            if (output == null) {
                return state;
            }
            Integer read = expect(output, RegisterOutput.Value.class, input).value();
            return Objects.equals(read, state.orElse(null)) ? state : null;
        }
        if (input instanceof RegisterInput.Write write) {
            if (output != null) {
                expect(output, RegisterOutput.Ok.class, input);
            }
            return Optional.of(write.value());
        }
        if (input instanceof RegisterInput.Cas cas) {
            boolean matches = state.isPresent() && state.get() == cas.from();
            if (output != null && expect(output, RegisterOutput.Applied.class, input).applied() != matches) {
                return null;
            }
            return matches ? Optional.of(cas.to()) : state;
        }
        throw new IllegalArgumentException("unknown input " + input);
    }

    @Override
    public boolean isReadOnly(RegisterInput input, RegisterOutput output) {
        return input instanceof RegisterInput.Read
                || output instanceof RegisterOutput.Applied applied && !applied.applied();
    }

    private static <T extends RegisterOutput> T expect(RegisterOutput output, Class<T> kind, RegisterInput input) {
        if (!kind.isInstance(output)) {
            throw new IllegalArgumentException(input + " must be answered with " + kind.getSimpleName()
                    + ", not " + output);
        }
        return kind.cast(output);
    }
}
