package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.Ports;
import org.slf4j.LoggerFactory;

/**
 * The first initial member of a brand-new cluster forms its Pekko Cluster at once, so that the other nodes' joins
 * succeed instead of failing (and warning) once a second until the Raft leader forms it.
 */
class FirstSeedTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<ActorSystem<Void>> systems = new ArrayList<>();
  private final ListAppender<ILoggingEvent> clusterLog = new ListAppender<>();

  @AfterEach
  void stop() throws Exception {
    for (ActorSystem<Void> s : systems) {
      s.terminate();
    }
    for (ActorSystem<Void> s : systems) {
      s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    ((Logger) LoggerFactory.getLogger("org.apache.pekko.cluster.Cluster")).detachAppender(clusterLog);
  }

  @Test
  void theFirstMemberByIdFormsTheClusterAndOnlyIt() {
    Map<NodeId, String> members = Map.of(NodeId.of("node-2"), "h:2", NodeId.of("node-1"), "h:1",
        NodeId.of("node-3"), "h:3");
    assertTrue(FirstSeed.formsNewCluster(NodeId.of("node-1"), members));
    assertFalse(FirstSeed.formsNewCluster(NodeId.of("node-2"), members));
    assertFalse(FirstSeed.formsNewCluster(NodeId.of("node-4"), members), "a joining node is no initial member");
  }

  @Test
  void selfMovesToTheHeadAndTheRestKeepTheirOrder() {
    List<String> seeds = List.of("pekko://raft@127.0.0.1:2552", "pekko://raft@127.0.0.1:2553",
        "pekko://raft@127.0.0.1:2551");
    assertEquals(List.of("pekko://raft@127.0.0.1:2551", "pekko://raft@127.0.0.1:2552",
        "pekko://raft@127.0.0.1:2553"), FirstSeed.selfFirst(seeds, "127.0.0.1:2551"));
    assertEquals(seeds, FirstSeed.selfFirst(seeds, "127.0.0.1:2559"), "no seed at this endpoint: unchanged");
  }

  /**
   * Three fresh nodes with the seed lists of conf/ (the others first, itself last, and two members that are not
   * running), the first with itself moved to the head: one cluster of all three forms with no Raft node running, and
   * no join attempt fails long enough to be logged. With every node listing itself last none would ever form.
   */
  @Test
  void threeFreshNodesFormOneClusterWithoutJoinWarnings() {
    Logger logger = (Logger) LoggerFactory.getLogger("org.apache.pekko.cluster.Cluster");
    clusterLog.start();
    logger.addAppender(clusterLog);
    List<Integer> ports = List.of(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free());
    for (int i = 0; i < 3; i++) {
      List<String> seeds = new ArrayList<>();
      for (int j = 0; j < ports.size(); j++) {
        if (j != i) {
          seeds.add(seed(ports.get(j)));
        }
      }
      seeds.add(seed(ports.get(i)));
      if (i == 0) {
        seeds = FirstSeed.selfFirst(seeds, "127.0.0.1:" + ports.get(0));
      }
      systems.add(system(ports.get(i), seeds));
    }

    Await.until("all three nodes to be Up in one cluster", WAIT, () -> systems.stream().allMatch(s -> up(s) == 3));
    List<String> warnings = clusterLog.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("Couldn't join seed nodes")).toList();
    assertEquals(List.of(), warnings);
  }

  private static String seed(int port) {
    return "pekko://raft@127.0.0.1:" + port;
  }

  private static ActorSystem<Void> system(int port, List<String> seeds) {
    return ActorSystem.create(Behaviors.empty(), "raft", ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = %d }
        pekko.cluster.seed-node-timeout = 1s
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """.formatted(port)).withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
        .withFallback(ConfigFactory.load()));
  }

  private static long up(ActorSystem<Void> system) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up()).count();
  }
}
