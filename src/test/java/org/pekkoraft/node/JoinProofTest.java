package org.pekkoraft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.event.Logging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.TestCertificates;

/**
 * Two ActorSystems on plain TCP (the check does not depend on the transport): a one-node Pekko Cluster formed
 * with the tests' node credentials, and a joiner that asks it through seed nodes, as every pekko-raft node does.
 */
class JoinProofTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final List<ActorSystem<Void>> systems = new ArrayList<>();

  @AfterEach
  void terminate() throws Exception {
    systems.forEach(ActorSystem::terminate);
    for (ActorSystem<Void> system : systems) {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNodeWithThePeerSecretJoins() {
    ActorSystem<Void> member = cluster();
    ActorSystem<Void> joiner = system(TestCertificates.nodeConfig());
    Cluster.get(joiner).manager().tell(new JoinSeedNodes(List.of(address(member))));
    Await.until("the joiner is Up on both sides", TIMEOUT, () -> status(member, address(joiner)) == MemberStatus.up()
        && status(joiner, address(joiner)) == MemberStatus.up());
  }

  @Test
  void aClientCertificateHolderIsRefused() throws Exception {
    refused(ArteryTls.plaintext(TestCertificates.dir("client")));
  }

  @Test
  void aNodeOfAnotherClusterIsRefused() throws Exception {
    refused(ArteryTls.plaintext(TestCertificates.rogue().resolve("node")));
  }

  /**
   * The joiner learns only "incompatible configuration" and shuts itself down (Pekko's enforce-on-join); the
   * member logs why, and never lists it.
   */
  private void refused(Config credentials) throws Exception {
    ActorSystem<Void> member = cluster();
    Queue<String> memberWarnings = logged(member, Logging.Warning.class);
    ActorSystem<Void> joiner = system(credentials);
    Queue<String> joinerErrors = logged(joiner, Logging.Error.class);
    Cluster.get(joiner).manager().tell(new JoinSeedNodes(List.of(address(member))));

    try {
      joiner.getWhenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the refused joiner did not shut itself down within " + TIMEOUT.toSeconds()
          + " s; it is " + status(member, address(joiner)) + " on the member", e);
    }
    assertEquals(CoordinatedShutdown.incompatibleConfigurationDetectedReason(),
        CoordinatedShutdown.get(joiner).getShutdownReason().orElseThrow());
    Await.until("the joiner logs the refusal", TIMEOUT, () -> joinerErrors.stream()
        .anyMatch(e -> e.contains("Couldn't join seed nodes because of incompatible cluster configuration")));
    Await.until("the member logs why it refused " + address(joiner), TIMEOUT, () -> memberWarnings.stream()
        .anyMatch(w -> w.contains(address(joiner).toString()) && w.contains(JoinProofChecker.REFUSAL)));
    assertFalse(StreamSupport.stream(Cluster.get(member).state().getMembers().spliterator(), false)
        .anyMatch(m -> m.address().equals(address(joiner))), "the refused joiner is not a member");
  }

  /** A one-node Pekko Cluster of the tests' cluster's node credentials. */
  private ActorSystem<Void> cluster() {
    ActorSystem<Void> member = system(TestCertificates.nodeConfig());
    Cluster.get(member).manager().tell(Join.create(address(member)));
    Await.until("the first member is Up", TIMEOUT, () -> status(member, address(member)) == MemberStatus.up());
    return member;
  }

  private ActorSystem<Void> system(Config credentials) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "raft", ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """).withFallback(credentials).withFallback(ConfigFactory.load()));
    systems.add(system);
    return system;
  }

  /** What {@code system} logs at {@code level} from now on, subscribed before this returns. */
  private static Queue<String> logged(ActorSystem<Void> system, Class<? extends Logging.LogEvent> level) {
    Queue<String> messages = new ConcurrentLinkedQueue<>();
    ActorRef<Logging.LogEvent> collector = system.systemActorOf(Behaviors.receiveMessage(event -> {
      messages.add(String.valueOf(event.message()));
      return Behaviors.same();
    }), "log-" + level.getSimpleName(), Props.empty());
    system.classicSystem().eventStream().subscribe(Adapter.toClassic(collector), level);
    return messages;
  }

  private static Address address(ActorSystem<Void> system) {
    return Cluster.get(system).selfMember().address();
  }

  /** How {@code system} sees the member at {@code address}: its status, or removed when it lists none there. */
  private static MemberStatus status(ActorSystem<Void> system, Address address) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .filter(m -> m.address().equals(address)).map(m -> m.status()).findFirst().orElse(MemberStatus.removed());
  }
}
