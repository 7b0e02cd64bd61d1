package org.pekkoraft.sim;

import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvOutput;

/** Translates between the KV store's commands and results and the checker's inputs and outputs. */
final class KvConvert {

  private KvConvert() {
  }

  static KvInput input(KvCommand command) {
    if (command instanceof KvCommand.Put p) {
      return new KvInput.Put(p.key(), p.value());
    }
    if (command instanceof KvCommand.Get g) {
      return new KvInput.Get(g.key());
    }
    if (command instanceof KvCommand.Delete d) {
      return new KvInput.Delete(d.key());
    }
    if (command instanceof KvCommand.Cas c) {
      return new KvInput.Cas(c.key(), c.expected(), c.newValue());
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  static KvOutput output(KvResult result) {
    if (result instanceof KvResult.Done) {
      return KvOutput.OK;
    }
    if (result instanceof KvResult.Value v) {
      return new KvOutput.Value(v.value().orElse(null));
    }
    if (result instanceof KvResult.Deleted d) {
      return new KvOutput.Existed(d.existed());
    }
    if (result instanceof KvResult.CasResult c) {
      return new KvOutput.Applied(c.applied());
    }
    throw new IllegalArgumentException("unknown result " + result);
  }
}
