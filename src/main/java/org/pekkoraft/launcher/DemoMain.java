package org.pekkoraft.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.node.RaftSettingsException;

/**
 * {@code raft demo}: prepares a fresh 3-node cluster of its own (ports 2651-2653, so that it does not collide with
 * {@code raft cluster}; data in {@code data/demo/}, wiped first) whose configuration files include
 * {@code conf/common.conf}, plus a spare node-4 (port 2654, {@code join = on}) to replace a member with; then runs
 * {@link DemoScript}. Every demo node snapshots every {@value #SNAPSHOT_EVERY} entries, so that the spare must catch
 * up from a snapshot. Exit 0 on PASS, 1 on FAIL, 2 if the demo cannot start.
 */
final class DemoMain {

  /** The initial voters; node SIZE + 1 is the spare. */
  static final int SIZE = 3;
  static final int SNAPSHOT_EVERY = 20;
  static final int BASE_PORT = 2651;
  /** The nodes' HTTP APIs: 8651-8654, beside {@code raft cluster}'s 8081-8085. */
  static final int HTTP_BASE_PORT = 8651;
  static final String HOST = "127.0.0.1";

  private DemoMain() {}

  static int run(PrintStream out) {
    Path root = Home.root().resolve("data").resolve("demo");
    for (int i = 1; i <= SIZE + 1; i++) {
      Preflight.portFree(HOST, BASE_PORT + i - 1);
      Preflight.portFree(HOST, HTTP_BASE_PORT + i - 1, "HTTP");
      Preflight.journalUnlocked(root.resolve("node-" + i).resolve("journal"));
    }
    wipe(root);
    ClientTls tls = Endpoints.clientTls();
    if (tls.enabled()) {
      LocalCertificates.ensure(tls.certsDir(), LocalCertificates.defaultNames(), new Progress(out));
    }
    List<LocalCluster.Member> members = new ArrayList<>();
    List<String> httpUrls = new ArrayList<>();
    String actorName = "";
    // A new cluster every time, with an id of its own: data of an earlier demo could never pass for this one's.
    String token = "demo-" + UUID.randomUUID();
    for (int i = 1; i <= SIZE + 1; i++) {
      Path file = writeConfig(root, i, token);
      NodeConfig node = NodeConfig.load(file);
      try {
        actorName = RaftSettings.fromConfig(node.config()).actorName();
      } catch (RaftSettingsException e) {
        throw LauncherException.config("the demo's configuration (conf/common.conf with the demo's ports) is invalid: "
            + e.getMessage());
      }
      members.add(new LocalCluster.Member(node.nodeId(), file, node.dataDir()));
      node.httpUrl().ifPresent(url -> httpUrls.add(node.nodeId() + " " + url));
    }
    out.printf("raft demo: a %d-node Raft cluster in %d JVMs on this machine (ports %d-%d, data in %s), and a"
        + " spare node-%d (port %d)%n", SIZE, SIZE, BASE_PORT, BASE_PORT + SIZE - 1, Home.show(root), SIZE + 1,
        BASE_PORT + SIZE);
    if (!httpUrls.isEmpty()) {
      out.println("HTTP API (GET /status, /members, /ready, /metrics): " + String.join(", ", httpUrls));
    }
    Map<NodeId, String> endpoints = new LinkedHashMap<>();
    for (int i = 1; i <= SIZE; i++) {
      endpoints.put(NodeId.of("node-" + i), endpoint(i));
    }
    return new DemoScript(new Progress(out), members, new Endpoints(endpoints, actorName), endpoint(SIZE + 1)).run();
  }

  static String endpoint(int i) {
    return HOST + ":" + (BASE_PORT + i - 1);
  }

  /**
   * Writes data/demo/node-N.conf: the shared settings of conf/common.conf with the demo's ports and data. Node
   * SIZE + 1, the spare, joins: it is not among the initial voters.
   */
  private static Path writeConfig(Path root, int i, String token) {
    String members = Stream.iterate(1, n -> n + 1).limit(SIZE)
        .map(n -> "    node-" + n + " = \"" + endpoint(n) + "\"").collect(Collectors.joining("\n"));
    // As in conf/: every node lists the others first and itself last; the Raft leader forms the Pekko cluster.
    List<String> seeds = new ArrayList<>();
    for (int n = 1; n <= SIZE + 1; n++) {
      if (n != i) {
        seeds.add(seed(n));
      }
    }
    seeds.add(seed(i));
    String text = """
        # Written by 'raft demo' (the demo wipes data/demo/ at every start).
        include file(%s)

        pekko.remote.artery.canonical { hostname = "%s", port = %d }
        pekko.cluster.seed-nodes = [%s]
        pekko-raft.http { hostname = "%s", port = %d }

        pekko-raft {
          node-id = "node-%d"
          data-dir = %s
          # Replace the members of common.conf rather than merge with them.
          members = null
          members {
        %s
          }
          # Often, so that the log is compacted long before the spare is added: it must catch up from a snapshot.
          snapshot.every-entries = %d
          join = %s
          # The demo bootstraps a new cluster (it wiped the data); a restarted node finds its identity on disk.
          initial-cluster-state = new
          initial-cluster-token = "%s"
        }
        """.formatted(StatusMain.quote(Home.conf().resolve("common.conf").toString()), HOST, BASE_PORT + i - 1,
        String.join(", ", seeds), HOST, HTTP_BASE_PORT + i - 1, i,
        StatusMain.quote(root.resolve("node-" + i).toString()), members, SNAPSHOT_EVERY, i > SIZE ? "on" : "off",
        token);
    Path file = root.resolve("node-" + i + ".conf");
    try {
      Files.createDirectories(root);
      Files.writeString(file, text);
    } catch (IOException e) {
      throw LauncherException.config("cannot write " + Home.show(file) + ": " + e.getMessage());
    }
    return file;
  }

  private static String seed(int n) {
    return "\"pekko://raft@" + endpoint(n) + "\"";
  }

  /** Deletes the demo's previous data; only ever data/demo under the repository root. */
  private static void wipe(Path root) {
    try {
      Home.deleteTree(root);
    } catch (IOException | UncheckedIOException e) {
      throw LauncherException.config("cannot wipe " + Home.show(root) + ": " + e.getMessage());
    }
  }
}
