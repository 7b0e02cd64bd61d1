package org.pekkoraft.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.TestCluster;

/**
 * Measures what an idle in-JVM 3-node cluster costs: the JVM's CPU time and the TCP segments with data that the
 * nodes' Artery connections carry (read with {@code ss -tin}; at idle rates one message is one segment), over a
 * window after the cluster has formed and settled (awaited: everything applied, and with quiescence on every node
 * quiet, within the settle bound). Not a test: run it by hand, with quiescence on and off.
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.pekkoraft.cluster.IdleCost on 30</pre>
 */
public final class IdleCost {

  /** A connection's line: local and peer address, IPv4 or IPv4-mapped IPv6 (as the JVM's dual-stack sockets show). */
  private static final Pattern PEER = Pattern.compile(
      "(?:\\[::ffff:)?127\\.0\\.0\\.1\\]?:(\\d+)\\s+(?:\\[::ffff:)?127\\.0\\.0\\.1\\]?:(\\d+)");
  private static final Pattern DATA_SEGS = Pattern.compile("data_segs_out:(\\d+)");

  private IdleCost() {}

  public static void main(String[] args) throws Exception {
    String quiesce = args.length > 0 ? args[0] : "on";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int settle = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Path dir = Files.createTempDirectory("idle-cost");
    try (TestCluster cluster = TestCluster.start(dir, 3, "pekko-raft.quiesce = " + quiesce)) {
      String leader = cluster.awaitLeader(Duration.ofSeconds(60));
      Set<Integer> ports = new HashSet<>();
      for (String id : cluster.ids()) {
        String endpoint = cluster.node(id).endpoint();
        ports.add(Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)));
      }
      // Settled: every node has applied everything and, with quiescence on, every node has gone quiet.
      Await.until("the cluster settled", Duration.ofSeconds(settle), () -> cluster.ids().stream().allMatch(id -> {
        NodeStatus s = cluster.status(id);
        return s != null && s.lastApplied() >= s.commitIndex() && s.commitIndex() > 0
            && (s.quiescent() || !"on".equals(quiesce));
      }));
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long segments0 = dataSegments(ports);
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      // The measured window itself: a fixed interval over which CPU and segments are counted, not a wait for a
      // condition (there is none: an idle cluster is the thing measured).
      Thread.sleep(seconds * 1000L);
      long cpu = os.getProcessCpuTime() - cpu0;
      long wall = System.nanoTime() - wall0;
      long segments = dataSegments(ports) - segments0;
      double perSecond = segments * 1e9 / wall;
      System.out.printf("quiesce=%s leader=%s window=%ds: %.1f Artery data segments/s between the 3 nodes (%.1f per"
          + " node pair), JVM CPU %.2f%% of one core (%.2f%% of the machine's %d cores)%n", quiesce, leader,
          seconds, perSecond, perSecond / 3, 100.0 * cpu / wall, 100.0 * cpu / wall / os.getAvailableProcessors(),
          os.getAvailableProcessors());
    }
  }

  /**
   * Data segments sent on every connection to or from the nodes' Artery ports, both ends counted: the nodes to each
   * other (Artery sends on the connection its side opened), and the client system's, idle here.
   */
  private static long dataSegments(Set<Integer> ports) throws IOException, InterruptedException {
    Process ss = new ProcessBuilder("ss", "-tin", "state", "established").redirectErrorStream(true).start();
    long total = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(ss.getInputStream(), StandardCharsets.UTF_8))) {
      boolean counting = false;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Matcher peer = PEER.matcher(line);
        if (peer.find()) {
          int local = Integer.parseInt(peer.group(1));
          int remote = Integer.parseInt(peer.group(2));
          counting = ports.contains(remote) || ports.contains(local);
          continue;
        }
        Matcher segs = DATA_SEGS.matcher(line);
        if (counting && segs.find()) {
          total += Long.parseLong(segs.group(1));
          counting = false;
        }
      }
    }
    ss.waitFor();
    return total;
  }
}
