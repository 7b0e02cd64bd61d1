package org.pekkoraft.launcher;

import org.pekkoraft.security.CertificateRole;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.node.RaftSettingsException;

/**
 * {@code raft cluster}: starts node-1..node-N from {@code conf/} as local processes, says where they log, waits
 * for a leader, adds the nodes that are not members yet (those with {@code pekko-raft.join = on}, such as node-4 and
 * node-5) as voters through Raft, and then runs until Ctrl-C (which stops every node) or until every node has
 * exited. Each node's configuration, port and data directory is checked here first, so that a mistake is one line
 * and exit 2 before any process starts.
 */
final class ClusterMain {

  private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(60);

  private ClusterMain() {}

  /** Creates on first use the certificates of the nodes to start and of the admin client (no-op in plaintext). */
  private static void ensureCertificates(int size, PrintStream out) {
    ClientTls tls = Endpoints.clientTls();
    if (!tls.enabled()) {
      return;
    }
    List<String> names = new ArrayList<>(LocalCertificates.defaultNames());
    for (int i = 6; i <= size; i++) {
      names.add("node-" + i);
    }
    List<String> created = LocalCertificates.ensure(tls.certsDir(), names, new Progress(out));
    if (!created.isEmpty()) {
      out.println("certificates for mutual TLS are in " + Home.show(tls.certsDir()) + " (see docs/security.md)");
    }
  }

  static int run(Args args, PrintStream out) {
    int size = args.intOption("nodes", 1, 99).orElse(3);
    List<LocalCluster.Member> members = new ArrayList<>();
    Map<NodeId, String> endpoints = new LinkedHashMap<>();
    Map<String, String> httpUrls = new LinkedHashMap<>();
    for (int i = 1; i <= size; i++) {
      existing(NodeConfig.defaultFile(i), size);
    }
    ensureCertificates(size, out);
    RaftSettings settings = null;
    List<Path> journals = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      NodeConfig node = NodeConfig.load(NodeConfig.defaultFile(i));
      settings = checked(node);
      journals.add(node.journalDir());
      members.add(new LocalCluster.Member(node.nodeId(), node.file(), node.dataDir()));
      endpoints.put(NodeId.of(node.nodeId()), node.endpoint());
      node.httpUrl().ifPresent(url -> httpUrls.put(node.nodeId(), url));
    }
    Endpoints where = new Endpoints(endpoints, settings.actorName());
    int voters = settings.members().size();
    if (size <= voters / 2) {
      out.println("note: " + size + " of " + voters + " members cannot elect a leader (a majority is needed)");
    }
    long started = System.nanoTime();
    LocalCluster cluster = new LocalCluster(members, bootstrapArgs(journals, out));
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      out.println("stopping " + size + " node" + (size == 1 ? "" : "s") + " ...");
      cluster.stopAll();
      out.println("all nodes stopped");
      out.flush();
    }, "raft-cluster-stop-message"));
    List<CompletableFuture<Process>> exits = new ArrayList<>();
    for (LocalCluster.Member member : members) {
      Process process = cluster.start(member.id());
      out.printf("%-8s %-16s pid %-7d log %s%s%n", member.id(), endpoints.get(NodeId.of(member.id())),
          process.pid(), Home.show(member.nodeLog()), httpUrls.get(member.id()) == null ? ""
              : "  HTTP " + httpUrls.get(member.id()));
      exits.add(process.onExit().whenComplete((p, e) -> out.println(member.id() + " (pid " + p.pid()
          + ") exited with code " + p.exitValue() + explain(p.exitValue(), member))));
    }
    out.println("waiting for a leader ...");
    reportLeader(where, voters, started, out);
    out.println("try: bin/raft put greeting hello; bin/raft get greeting; bin/raft status");
    httpUrls.values().stream().findFirst().ifPresent(url -> out.println("and: " + curl(url) + "/status"));
    out.println("Ctrl-C stops all nodes");
    CompletableFuture.allOf(exits.toArray(new CompletableFuture<?>[0])).join();
    if (stopping.get()) {
      return ExitCodes.OK;
    }
    out.println("every node has exited");
    return ExitCodes.FAILED;
  }

  /**
   * A cluster whose nodes all have empty data directories is new: every node bootstraps it, with a token of its own
   * so that its id is this cluster's alone. If any node has data the cluster exists, and a node without data (its
   * disk lost) refuses to start with the steps to re-add it.
   */
  private static List<String> bootstrapArgs(List<Path> journals, PrintStream out) {
    if (journals.stream().anyMatch(Preflight::holdsData)) {
      return List.of();
    }
    out.println("no node has data yet: bootstrapping a new cluster");
    return List.of("--initial-cluster-state", "new", "--initial-cluster-token", "local-" + UUID.randomUUID());
  }

  /** A curl command line for the HTTP API at {@code url}, with the client certificate over HTTPS. */
  static String curl(String url) {
    if (!url.startsWith("https:")) {
      return "curl " + url;
    }
    String client = Home.show(Endpoints.clientTls().certsDir().resolve("client"));
    return "curl --cacert " + client + "/ca.crt --cert " + client + "/tls.crt --key " + client + "/tls.key " + url;
  }

  private static String explain(int exitCode, LocalCluster.Member member) {
    if (exitCode == ExitCodes.OK) {
      return "";
    }
    if (exitCode == 137) {
      return " (SIGKILL); restart it with: bin/raft node --id " + member.id().replace("node-", "");
    }
    return ": " + LocalCluster.lastConsoleLine(member);
  }

  private static void existing(Path file, int size) {
    if (!Files.isRegularFile(file)) {
      throw LauncherException.config(Home.show(file) + " does not exist: --nodes " + size + " needs conf/node-1.conf"
          + " .. conf/node-" + size + ".conf (see docs/cli.md)");
    }
  }

  /** Checks what the node would check at start; creates nothing but the data directory of a valid node. */
  private static RaftSettings checked(NodeConfig node) {
    Preflight.portFree(node.bindHost(), node.bindPort());
    if (node.http().enabled()) {
      Preflight.portFree(node.http().hostname(), node.http().port(), "HTTP");
    }
    Preflight.journalUnlocked(node.journalDir());
    try {
      return RaftSettings.fromConfig(node.config());
    } catch (RaftSettingsException e) {
      throw LauncherException.config(Home.show(node.file()) + ": " + e.getMessage());
    }
  }

  /** Reports the leader, then adds the nodes that are not members yet (node-4 and node-5 start with join = on). */
  private static void reportLeader(Endpoints where, int voters, long started, PrintStream out) {
    try (ClientSystem client = new ClientSystem(where, Duration.ofSeconds(1), LEADER_TIMEOUT, CertificateRole.ADMIN)) {
      Optional<NodeStatus> leader = new ClusterProbe(client.client())
          .awaitLeader(where.nodes().keySet(), voters, LEADER_TIMEOUT);
      double seconds = (System.nanoTime() - started) / 1e9;
      if (leader.isEmpty()) {
        out.printf("no leader after %.0f s: see the node logs above%n", seconds);
        return;
      }
      out.printf("leader is %s (term %d), %.1f s after start%n", leader.get().nodeId(), leader.get().term(),
          seconds);
      addJoiners(client, where, leader.get(), out);
    }
  }

  /**
   * Adds each started node that the leader's configuration does not name, as a voter, one at a time: through
   * Raft, as {@code raft add-member} does. Pekko Cluster membership never makes a node a Raft member.
   */
  private static void addJoiners(ClientSystem client, Endpoints where, NodeStatus leader, PrintStream out) {
    Admin admin = new Admin(client, where.nodes(), false, new Progress(out));
    for (Map.Entry<NodeId, String> node : where.nodes().entrySet()) {
      NodeId id = node.getKey();
      if (leader.voters().contains(id) || leader.learners().contains(id)) {
        continue;
      }
      out.printf("%s is not a member yet: adding it as a voter through Raft (raft add-member --id %s --address"
          + " %s) ...%n", id, id, node.getValue());
      try {
        out.println(admin.send(AdminMain.DEFAULT_TIMEOUT, c -> c.addMember(id, node.getValue(), true)));
      } catch (LauncherException e) {
        out.println("could not add " + id + ": " + e.getMessage());
      }
    }
  }
}
