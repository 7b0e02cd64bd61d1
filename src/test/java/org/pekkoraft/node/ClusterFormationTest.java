package org.pekkoraft.node;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.Ports;
import org.slf4j.LoggerFactory;

/**
 * Who forms the Pekko Cluster. A Raft leader that is not a cluster member after the grace period must join the
 * cluster its peers already run, if any, and form a new one only if none of them is in one. Found by the multi-JVM
 * nemesis: a node restarted after kill -9 waits up to retry-unsuccessful-join-after (10 s) for its join (the
 * cluster must first remove its previous incarnation); when it won an election meanwhile, it joined itself and
 * formed a second, one-node cluster next to the running one.
 */
class ClusterFormationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<ActorSystem<Void>> systems = new java.util.ArrayList<>();

  @AfterEach
  void stopSystems() throws Exception {
    for (ActorSystem<Void> s : systems) {
      s.terminate();
    }
    for (ActorSystem<Void> s : systems) {
      s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aLeaderThatIsNoMemberYetJoinsTheClusterItsPeersRunInsteadOfFormingAnother() {
    int runningPort = Ports.free();
    int leaderPort = Ports.free();
    ActorSystem<Void> running = system(runningPort);
    Cluster.get(running).manager().tell(Join.create(Cluster.get(running).selfMember().address()));
    Await.until("the running cluster to be up", WAIT, () -> upMembers(running).size() == 1);

    // No seed nodes: this node would never join on its own, as when its join to the running cluster is pending.
    ActorSystem<Void> leader = system(leaderPort);
    ClusterFormation formation = new ClusterFormation(leader, LoggerFactory.getLogger(ClusterFormationTest.class),
        () -> List.of("127.0.0.1:" + runningPort, "127.0.0.1:" + leaderPort));
    formation.check(true, 0);
    formation.check(true, ClusterFormation.GRACE.toNanos() + 1);

    Set<Address> both = Set.of(address(runningPort), address(leaderPort));
    Await.until("the leader to join the running cluster", WAIT, () -> upMembers(running).equals(both));
    Await.until("the leader to see itself in the running cluster (one cluster, not two)", WAIT,
        () -> upMembers(leader).equals(both));
  }

  @Test
  void aLeaderWhosePeersRunNoClusterFormsOne() {
    int peerPort = Ports.free();
    int leaderPort = Ports.free();
    system(peerPort); // up, but in no cluster: it answers InitJoin with a refusal
    ActorSystem<Void> leader = system(leaderPort);
    ClusterFormation formation = new ClusterFormation(leader, LoggerFactory.getLogger(ClusterFormationTest.class),
        () -> List.of("127.0.0.1:" + peerPort, "127.0.0.1:" + leaderPort));
    formation.check(true, 0);
    formation.check(true, ClusterFormation.GRACE.toNanos() + 1);

    Await.until("the leader to form a cluster", WAIT, () -> upMembers(leader).equals(Set.of(address(leaderPort))));
  }

  @Test
  void aLeaderBootstrappingANewClusterFormsItAtOnce() {
    int peerPort = Ports.free();
    int leaderPort = Ports.free();
    system(peerPort);
    ActorSystem<Void> leader = system(leaderPort);
    ClusterFormation formation = new ClusterFormation(leader, LoggerFactory.getLogger(ClusterFormationTest.class),
        () -> List.of("127.0.0.1:" + peerPort, "127.0.0.1:" + leaderPort));
    formation.bootstrapping();
    formation.check(true, 0);

    Await.until("the leader to form a cluster", WAIT, () -> upMembers(leader).equals(Set.of(address(leaderPort))));
  }

  @Test
  void aRestartedLeaderWaitsItsGraceBeforeItFormsAnything() {
    ActorSystem<Void> leader = system(Ports.free());
    ClusterFormation formation = new ClusterFormation(leader, LoggerFactory.getLogger(ClusterFormationTest.class),
        List::of);
    formation.check(true, 0);
    formation.check(true, ClusterFormation.GRACE.toNanos() - 1);
    Await.during("no cluster is formed within the grace", Duration.ofSeconds(2),
        () -> Cluster.get(leader).selfMember().status() == MemberStatus.removed());
  }

  @Test
  void aNodeThatDoesNotLeadFormsNothing() {
    ActorSystem<Void> follower = system(Ports.free());
    ClusterFormation formation = new ClusterFormation(follower,
        LoggerFactory.getLogger(ClusterFormationTest.class), List::of);
    formation.check(false, 0);
    formation.check(false, ClusterFormation.GRACE.toNanos() + 1);
    Await.during("no cluster is formed", Duration.ofSeconds(2),
        () -> Cluster.get(follower).selfMember().status() == MemberStatus.removed());
  }

  private ActorSystem<Void> system(int port) {
    ActorSystem<Void> s = ActorSystem.create(Behaviors.empty(), "raft", ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = %d }
        pekko.cluster.seed-nodes = []
        pekko.cluster.seed-node-timeout = 1s
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """.formatted(port)).withFallback(ConfigFactory.load()));
    systems.add(s);
    return s;
  }

  private static Address address(int port) {
    return new Address("pekko", "raft", "127.0.0.1", port);
  }

  private static Set<Address> upMembers(ActorSystem<Void> system) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .map(Member::address)
        .collect(Collectors.toSet());
  }
}
