package org.pekkoraft.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.pekkoraft.bench.Bench;
import org.pekkoraft.bench.BenchConfig;
import org.pekkoraft.bench.BenchReport;
import org.pekkoraft.client.RaftClientSettings;
import org.pekkoraft.security.CertificateRole;

/**
 * {@code raft bench}: parses the options into a {@link BenchConfig}, runs {@link Bench} and prints its report. Nodes
 * started here keep their journals in a fresh directory under {@code data/bench/}, removed afterwards. With
 * {@code --json}, stdout holds only the JSON report and progress goes to stderr.
 */
final class BenchMain {

  private static final Pattern NODE_COUNT = Pattern.compile("\\d+");
  static final int MAX_CLIENTS = 4096;

  private BenchMain() {}

  static int run(Args args, PrintStream out, PrintStream err) {
    boolean json = args.flag("json");
    Path data = Home.root().resolve("data").resolve("bench");
    BenchConfig config = config(args, data);
    PrintStream progress = json ? err : out;
    if (config.inProcess()) {
      createDirectories(config.dataDir());
    }
    if (config.tls()) {
      ClientTls tls = Endpoints.clientTls();
      LocalCertificates.ensure(tls.certsDir(), config.inProcess() ? List.of("node-1", "client") : List.of("client"),
          new Progress(progress));
    }
    try {
      BenchReport report = Bench.run(config, progress);
      out.print(json ? report.json() + "\n" : report.table());
      return report.rows().stream().allMatch(r -> r.opsPerSecond() > 0) ? ExitCodes.OK : ExitCodes.FAILED;
    } catch (IllegalStateException e) {
      throw new LauncherException(ExitCodes.NO_LEADER, e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LauncherException(ExitCodes.FAILED, "interrupted", e);
    } catch (Exception e) {
      throw new LauncherException(ExitCodes.FAILED, "the bench failed: " + e, e);
    } finally {
      if (config.inProcess()) {
        delete(config.dataDir(), err);
      }
    }
  }

  /** Reads the options; every mistake is a usage error naming the option. */
  static BenchConfig config(Args args, Path dataRoot) {
    String nodes = args.option("nodes").orElse("3");
    int count = 0;
    List<String> external = List.of();
    if (NODE_COUNT.matcher(nodes).matches()) {
      count = args.intOption("nodes", 1, 9).orElse(3);
      if (count != 3 && count != 5) {
        throw args.usage("--nodes must be 3 or 5 (nodes in this JVM) or a list host:port,..., not '" + nodes + "'");
      }
    } else {
      external = List.copyOf(Endpoints.parseList(nodes).values());
    }
    int failovers = args.intOption("failover", 0, 100).orElse(0);
    if (failovers > 0 && !external.isEmpty()) {
      throw args.usage("--failover kills nodes, so it needs nodes started by the bench (--nodes 3 or 5)");
    }
    boolean remoteClients = args.flag("remote-clients");
    if (remoteClients && !external.isEmpty()) {
      throw args.usage("--remote-clients is for nodes in this JVM; against --nodes host:port,... the writers are"
          + " always remote");
    }
    int recovery = args.intOption("recovery", 0, 10_000_000).orElse(0);
    int snapshotEvery = args.intOption("snapshot-every", 0, 1_000_000_000).orElse(-1);
    if ((recovery > 0 || snapshotEvery >= 0) && !external.isEmpty()) {
      throw args.usage("--recovery and --snapshot-every are for nodes started by the bench (--nodes 3 or 5)");
    }
    int batches = args.intOption("batches-in-flight", 0, 64).orElse(RaftClientSettings.DEFAULT_MAX_BATCHES_IN_FLIGHT);
    Duration warmup = Duration.ofSeconds(args.intOption("warmup-seconds", 0, 3600).orElse(20));
    Duration measure = Duration.ofSeconds(args.intOption("seconds", 1, 3600).orElse(10));
    Path dir = external.isEmpty() ? dataRoot.resolve("run-" + ProcessHandle.current().pid()) : dataRoot;
    // Mutual TLS as the cluster runs it, unless --plaintext (to measure what TLS costs) or the cluster is plain TCP.
    ClientTls tls = Endpoints.clientTls();
    boolean secure = tls.enabled() && !args.flag("plaintext");
    Path nodeCredentials = secure && external.isEmpty() ? tls.certsDir().resolve("node-1") : null;
    Path clientCredentials = secure ? tls.certsDir().resolve(CertificateRole.CLIENT.label()) : null;
    return new BenchConfig(count, external, clients(args), args.intOption("keys", 1, 100_000_000).orElse(10_000),
        args.intOption("value-size", 0, 64 * 1024).orElse(100), warmup, measure, failovers, remoteClients, dir,
        recovery, snapshotEvery, nodeCredentials, clientCredentials, batches);
  }

  private static List<Integer> clients(Args args) {
    String text = args.option("clients").orElse("1,8,64");
    List<Integer> counts = new ArrayList<>();
    if (text.equals("none")) {
      return counts;
    }
    for (String part : text.split(",", -1)) {
      try {
        int n = Integer.parseInt(part.strip());
        if (n >= 1 && n <= MAX_CLIENTS) {
          counts.add(n);
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below with the whole list
      }
      throw args.usage("--clients must be a list of writer counts from 1 to " + MAX_CLIENTS + " such as 1,8,64 (or"
          + " none), not '" + text + "'");
    }
    return counts;
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw LauncherException.config("cannot create the bench data directory " + Home.show(dir) + ": " + e);
    }
  }

  /** Removes the journals of the nodes the bench started; a failure is reported, the results stand. */
  private static void delete(Path dir, PrintStream err) {
    try {
      Home.deleteTree(dir);
    } catch (IOException | UncheckedIOException e) {
      err.println("raft: could not remove the bench data in " + Home.show(dir) + ": " + e.getMessage());
    }
  }
}
