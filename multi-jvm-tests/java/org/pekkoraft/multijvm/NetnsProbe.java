package org.pekkoraft.multijvm;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.client.RaftClientSettings;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.testkit.TestCertificates;

/**
 * A client process for {@link PartitionHealIT}, run inside the client namespace, which reaches the nodes' namespaces:
 * a few closed-loop writers, and every 100 ms one line per poll on stdout,
 * {@code S <epoch-ms> <node>=<role>,<term>,<commitIndex> ...} ({@code ?} for a node that did not answer). It exits
 * when its stdin closes.
 *
 * <p>Arguments: its own address, the number of writers, then {@code id=host:port} for every node.
 */
public final class NetnsProbe {

  private NetnsProbe() {}

  public static void main(String[] args) throws IOException {
    String host = args[0];
    int writers = Integer.parseInt(args[1]);
    Map<NodeId, String> nodes = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      nodes.put(NodeId.of(kv[0]), kv[1]);
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "probe", ConfigFactory.parseString("""
        pekko.actor.provider = remote
        pekko.remote.artery.canonical { hostname = "%s", port = 0 }
        pekko.loglevel = WARNING
        pekko.remote.warn-about-direct-use = off
        """.formatted(host)).withFallback(TestCertificates.tlsConfig(TestCertificates.dir("client")))
        .withFallback(ConfigFactory.load()));
    RaftClient writes = RaftClient.create(system, RaftClientSettings.of(nodes)
        .withAttemptTimeout(Duration.ofMillis(300)).withDeadline(Duration.ofSeconds(10)));
    RaftClient status = RaftClient.create(system, RaftClientSettings.of(nodes)
        .withAttemptTimeout(Duration.ofMillis(300)));
    KvClient kv = new KvClient(writes);
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    poller.scheduleAtFixedRate(() -> System.out.println(poll(status, nodes)), 0, 100, TimeUnit.MILLISECONDS);
    for (int w = 0; w < writers; w++) {
      write(kv, system, "w" + w, 0);
    }
    while (System.in.read() >= 0) {
      // Input is ignored; the end of it means the test is done.
    }
    poller.shutdownNow();
    system.terminate();
    System.exit(0);
  }

  private static void write(KvClient kv, ActorSystem<Void> system, String writer, long n) {
    kv.put(writer + "-" + (n % 100), "v" + n).whenCompleteAsync((v, e) -> write(kv, system, writer, n + 1),
        system.executionContext());
  }

  private static String poll(RaftClient status, Map<NodeId, String> nodes) {
    long now = System.currentTimeMillis();
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (NodeId n : nodes.keySet()) {
      answers.add(status.status(n).toCompletableFuture().handle((s, e) -> e != null ? n + "=?"
          : n + "=" + s.role() + "," + s.term() + "," + s.commitIndex()));
    }
    StringBuilder line = new StringBuilder("S " + now);
    for (CompletableFuture<String> a : answers) {
      try {
        line.append(' ').append(a.get(400, TimeUnit.MILLISECONDS));
      } catch (Exception e) {
        line.append(" ?");
      }
    }
    return line.toString();
  }
}
