package org.pekkoraft.multijvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.pekkoraft.testkit.TestCertificates;

/**
 * Writes one node's configuration file: the repository's {@code conf/common.conf} (what operators run), with this
 * node's id, data directory, port, members and seed nodes, and the test hook for partitions switched on.
 */
final class NodeConf {

  private NodeConf() {}

  /**
   * @param ports every member's id and Artery port on 127.0.0.1, in a stable order
   * @param extra further settings, appended last so they win
   */
  static Path write(Path file, Path repoRoot, String id, Path dataDir, Map<String, Integer> ports, String extra) {
    String members = ports.entrySet().stream()
        .map(e -> e.getKey() + " = \"127.0.0.1:" + e.getValue() + "\"")
        .collect(Collectors.joining(", "));
    // The others first and this node last: a restarted node then rejoins the running cluster instead of forming
    // a one-node island (see conf/node-1.conf); the Raft leader forms the first cluster.
    List<String> seeds = new ArrayList<>();
    ports.forEach((other, port) -> {
      if (!other.equals(id)) {
        seeds.add(seed(port));
      }
    });
    seeds.add(seed(ports.get(id)));
    String text = """
        include file(%s)
        pekko-raft {
          node-id = "%s"
          data-dir = %s
          # Replace, not merge with, the members of conf/common.conf.
          members = null
          members { %s }
          # Each test cluster is a new cluster; a restart finds its identity in the journal.
          initial-cluster-state = new
          # Partitions are cut by SetLinkFilter messages from the test.
          allow-link-filter = on
          # Snapshot often, so that restarted nodes also catch up by InstallSnapshot and journals are compacted.
          snapshot.every-entries = 500
          # Mutual TLS as conf/common.conf has it, with the test cluster's node credentials (TestCertificates).
          security.dir = %s
          # conf/common.conf turns the HTTP API on; these tests are about Raft under faults, and NodeProcessTest
          # covers the API in a node process. Off, so that five JVMs on two cores start no more than they need.
          http.enabled = off
        }
        pekko.remote.artery.canonical.port = %d
        pekko.cluster.seed-nodes = [%s]
        # As in conf/common.conf; repeated so that a change there cannot quietly weaken these tests.
        pekko-raft.journal.fsync = on
        pekko.persistence.snapshot-store.plugin = "pekko-raft.snapshot-store"
        pekko-raft.snapshot-store.dir = ${pekko-raft.data-dir}"/snapshots"
        %s
        """.formatted(quote(repoRoot.resolve("conf/common.conf")), id, quote(dataDir), members,
        quote(TestCertificates.dir("node")), ports.get(id), String.join(", ", seeds), extra);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  private static String seed(int port) {
    return "\"pekko://raft@127.0.0.1:" + port + "\"";
  }

  private static String quote(Path path) {
    return "\"" + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
