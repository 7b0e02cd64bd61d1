package org.pekkoraft.statemachine;

import java.util.function.Supplier;

/**
 * The application a Raft group replicates.
 *
 * <p>Contract: {@link #apply} is deterministic: every replica applies the same commands in the same (index) order
 * and must reach the same state and return the same results, so it must not read clocks, random sources or
 * anything outside the state. A command it rejects must throw without changing the state (the caller turns the
 * exception into an error reply, identically on every replica). {@link #query} must not change the state.
 * Methods are called from one thread at a time.
 *
 * @param <C> commands (and read-only queries)
 * @param <R> results
 */
public interface StateMachine<C, R> {

  /** Applies the committed command at log index {@code index}. */
  R apply(long index, C command);

  /**
   * Checks a new command before the leader proposes it: throw {@link IllegalArgumentException} to refuse it, with a
   * message for the client; nothing reaches the log. Only the leader that receives the command calls this, and
   * never for entries already in the log, so it is the place for a rule added in a later version: entries logged
   * before the rule still apply as they did. It is no substitute for {@link #apply} refusing what must never be
   * applied. Does nothing by default.
   */
  default void validate(C command) {}

  /** Answers a read-only query from the current state (used for linearizable reads without a log write). */
  R query(C query);

  /** The whole state, written so that {@link #restore} rebuilds it exactly. */
  byte[] snapshot();

  /**
   * The state as it is now, to be written later, on another thread, while commands go on being applied: the
   * supplier must return what {@link #snapshot} returns now. Override it to take a cheap copy or an immutable
   * view here and do the writing in the supplier; the default writes at once and keeps the bytes.
   */
  default Supplier<byte[]> snapshotView() {
    byte[] now = snapshot();
    return () -> now;
  }

  /**
   * Replaces the whole state with one written by {@link #snapshot}. The bytes come from disk or from the leader:
   * on malformed ones throw {@link IllegalArgumentException}, leaving the state unchanged, and never allocate more
   * than in proportion to their size ({@link BoundedReader} checks every count and length).
   */
  void restore(byte[] snapshot);

  Codec<C> commandCodec();

  Codec<R> resultCodec();
}
