package org.pekkoraft.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Settings under {@code pekko-raft} that this version does not define fail at start, naming the key, where it was
 * set and the nearest valid key: otherwise a misspelt setting is silently ignored and its default used.
 *
 * <p>Known keys are those of the library's reference.conf. Under {@code members} the keys are node ids, and under
 * {@code journal} and {@code snapshot-store} any setting of the Pekko plugin is allowed.
 */
final class UnknownSettings {

  private static final String P = "pekko-raft";
  private static final Set<String> FREE_FORM = Set.of("members", "journal", "snapshot-store");
  /** Read by the bin/raft tools from the same files, not by the node. */
  private static final Set<String> TOOL_SETTINGS = Set.of("security.certs-dir");
  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private UnknownSettings() {}

  /** The shortest known key that extends {@code key} (a truncated name), else the one at the least edit distance. */
  static String nearest(String key, Set<String> known) {
    return known.stream().filter(k -> k.startsWith(key)).min(Comparator.comparingInt(String::length))
        .orElseGet(() -> known.stream().min(Comparator.comparingInt((String k) -> DISTANCE.apply(k, key)))
            .orElseThrow());
  }

  static void check(Config config) {
    if (!config.hasPath(P)) {
      return;
    }
    Set<String> known = new TreeSet<>(TOOL_SETTINGS);
    ConfigFactory.defaultReference().getConfig(P).entrySet().forEach(e -> known.add(e.getKey()));
    for (Map.Entry<String, ConfigValue> setting : config.getConfig(P).entrySet()) {
      String key = setting.getKey();
      if (known.contains(key) || FREE_FORM.stream().anyMatch(f -> key.equals(f) || key.startsWith(f + "."))) {
        continue;
      }
      String nearest = nearest(key, known);
      throw new RaftSettingsException("unknown setting " + P + "." + key + " (" + setting.getValue().origin()
          .description() + "); did you mean " + P + "." + nearest + "? reference.conf lists every setting");
    }
  }
}
