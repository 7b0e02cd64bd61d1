package org.pekkoraft.sim;

import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvOutput;

/**
 * Translates between the KV store's commands and results and the checker's inputs and outputs. The checker's keys
 * and values are text: the simulated workloads write text, and its bytes are decoded strictly (a value that is not
 * UTF-8 throws), so that two different values can never look equal to the checker.
 */
final class KvConvert {

  private KvConvert() {
  }

  static KvInput input(KvCommand command) {
    if (command instanceof KvCommand.Put p) {
      return new KvInput.Put(p.key().toUtf8(), p.value().toUtf8());
    }
    if (command instanceof KvCommand.Get g) {
      return new KvInput.Get(g.key().toUtf8());
    }
    if (command instanceof KvCommand.Delete d) {
      return new KvInput.Delete(d.key().toUtf8());
    }
    if (command instanceof KvCommand.Cas c) {
      return new KvInput.Cas(c.key().toUtf8(), c.expected() == null ? null : c.expected().toUtf8(),
          c.newValue().toUtf8());
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  static KvOutput output(KvResult result) {
    if (result instanceof KvResult.Done) {
      return KvOutput.OK;
    }
    if (result instanceof KvResult.Value v) {
      return new KvOutput.Value(v.value().map(Bytes::toUtf8).orElse(null));
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
