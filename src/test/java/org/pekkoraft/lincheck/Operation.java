package org.pekkoraft.lincheck;

import java.util.Objects;

/**
 * One client operation in a concurrent history.
 *
 * <p>{@code call} and {@code ret} are timestamps on a single monotonic clock (logical counters or
 * {@link System#nanoTime()}); only their order matters. Operation A happens before operation B iff
 * {@code A.ret() < B.call()}; operations whose intervals touch or overlap are concurrent.
 *
 * <p>An operation whose outcome is unknown (the client gave up waiting) has {@code ret ==}
 * {@link #UNKNOWN_RETURN} and {@code output == null}: it may have taken effect at any point after
 * its call, or never, and it constrains nothing about its own output.
 *
 * @param process the client that issued the operation; a process has at most one operation
 *     in flight at a time, but the checker does not rely on that
 * @param input what was asked, interpreted by the {@link Model}
 * @param call when the request was issued
 * @param output what was answered, or {@code null} if the outcome is unknown
 * @param ret when the answer was received, or {@link #UNKNOWN_RETURN}
 */
public record Operation<I, O>(int process, I input, long call, O output, long ret) {

    /** The return timestamp of an operation whose outcome is unknown. */
    public static final long UNKNOWN_RETURN = Long.MAX_VALUE;

    public Operation {
        Objects.requireNonNull(input, "input");
        if (ret < call) {
            throw new IllegalArgumentException("ret " + ret + " is before call " + call);
        }
        if ((ret == UNKNOWN_RETURN) != (output == null)) {
            throw new IllegalArgumentException(
                    "an operation has a null output exactly when its return is UNKNOWN_RETURN: "
                            + "output=" + output + ", ret=" + ret);
        }
    }

    /** A completed operation with a known output. */
    public static <I, O> Operation<I, O> completed(int process, I input, long call, O output, long ret) {
        return new Operation<>(process, input, call, Objects.requireNonNull(output, "output"), ret);
    }

    /** An operation that was issued but whose outcome is unknown. */
    public static <I, O> Operation<I, O> unknown(int process, I input, long call) {
        return new Operation<>(process, input, call, null, UNKNOWN_RETURN);
    }

    /** Whether the outcome is unknown (no output, no return). */
    public boolean isUnknown() {
        return ret == UNKNOWN_RETURN;
    }

    @Override
    public String toString() {
        String returned = isUnknown() ? "?" : Long.toString(ret);
        String result = isUnknown() ? "?" : String.valueOf(output);
        return "p" + process + " " + input + " -> " + result + " [" + call + ", " + returned + "]";
    }
}
