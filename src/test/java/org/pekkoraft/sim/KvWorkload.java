package org.pekkoraft.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pekkoraft.kv.KvCommand;

/**
 * Random KV operations on a small key space, so that clients collide on keys all the time. Values are unique
 * ("v" + process + "." + n) so that a read pins down which write it saw; a compare-and-set usually expects the
 * value written last (or an absent key), so that both outcomes of a CAS are common.
 */
final class KvWorkload {

  private final SplittableRandom random;
  private final List<String> keys = new ArrayList<>();
  private final Map<String, String> lastWritten = new HashMap<>();
  private final Map<Integer, Integer> written = new HashMap<>();

  KvWorkload(SplittableRandom random, int keyCount) {
    this.random = random;
    for (int i = 0; i < keyCount; i++) {
      keys.add("k" + i);
    }
  }

  KvCommand next(int process) {
    String key = keys.get(random.nextInt(keys.size()));
    int roll = random.nextInt(100);
    if (roll < 40) {
      return new KvCommand.Get(key);
    }
    if (roll < 55) {
      return new KvCommand.Delete(key);
    }
    String value = "v" + process + "." + written.merge(process, 1, Integer::sum);
    if (roll < 80) {
      lastWritten.put(key, value);
      return new KvCommand.Put(key, value);
    }
    String expected = random.nextInt(4) == 0 ? null : lastWritten.get(key);
    lastWritten.put(key, value);
    return new KvCommand.Cas(key, expected, value);
  }
}
