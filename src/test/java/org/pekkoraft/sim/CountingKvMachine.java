package org.pekkoraft.sim;

import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.statemachine.Codec;
import org.pekkoraft.statemachine.StateMachine;

/**
 * The real {@link KvStateMachine}, counting how often it is asked to apply a command: the session layer calls it
 * only for a command it sees for the first time, so a change of the count around one entry tells the exactly-once
 * check that the entry was applied as new rather than answered from the session's cache.
 */
final class CountingKvMachine implements StateMachine<KvCommand, KvResult> {

  private final KvStateMachine kv = new KvStateMachine();
  private long applies;

  long applies() {
    return applies;
  }

  @Override
  public KvResult apply(long index, KvCommand command) {
    applies++;
    return kv.apply(index, command);
  }

  @Override
  public void validate(KvCommand command) {
    kv.validate(command);
  }

  @Override
  public KvResult query(KvCommand query) {
    return kv.query(query);
  }

  @Override
  public byte[] snapshot() {
    return kv.snapshot();
  }

  @Override
  public void restore(byte[] snapshot) {
    kv.restore(snapshot);
  }

  @Override
  public Codec<KvCommand> commandCodec() {
    return kv.commandCodec();
  }

  @Override
  public Codec<KvResult> resultCodec() {
    return kv.resultCodec();
  }
}
