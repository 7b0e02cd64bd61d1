package org.pekkoraft.multijvm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.client.RaftClientSettings;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.node.ArteryShutdown;
import org.pekkoraft.protocol.NodeProtocol;
import org.slf4j.LoggerFactory;

/**
 * An outsider on the cluster's network: its own ActorSystem (its own Artery endpoint and TLS identity, as a
 * separate process would have) that tries everything an attacker would, each attempt bounded in time. What
 * happens is the cluster's business; this only reports whether the attempts were answered.
 */
final class Intruder implements AutoCloseable {

  private static final Duration ATTEMPT = Duration.ofSeconds(3);

  private final String name;
  private final ActorSystem<Void> system;
  private final RaftClient client;
  private final Map<NodeId, String> nodes;
  /** The secret it puts where a node puts the peer secret: none, or another cluster's. */
  private final String peerToken;

  /** {@code transport}: the Artery settings that make this intruder what it is (another CA, plain TCP, ...). */
  Intruder(String name, Config transport, Map<NodeId, String> nodes, String peerToken, String adminToken) {
    this.name = name;
    this.nodes = nodes;
    this.peerToken = peerToken;
    system = ActorSystem.create(Behaviors.empty(), "raft", ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.log-dead-letters = off
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        pekko.coordinated-shutdown.run-by-actor-system-terminate = off
        """).withFallback(transport).withFallback(ConfigFactory.load()));
    client = RaftClient.create(system, RaftClientSettings.of(nodes).withAttemptTimeout(Duration.ofSeconds(1))
        .withDeadline(ATTEMPT).withAdminToken(adminToken));
  }

  String name() {
    return name;
  }

  /** Asks to join the nodes' Pekko Cluster; see {@link #joined()}. */
  void join() {
    List<Address> seeds = new ArrayList<>();
    nodes.values().forEach(e -> seeds.add(new Address("pekko", "raft", e.substring(0, e.lastIndexOf(':')),
        Integer.parseInt(e.substring(e.lastIndexOf(':') + 1)))));
    Cluster.get(system).manager().tell(new JoinSeedNodes(seeds));
  }

  /** True once this system has shut down (Pekko does that to a node whose join the seed nodes refuse). */
  boolean shutDown() {
    return system.getWhenTerminated().toCompletableFuture().isDone();
  }

  /** True once this system is an Up member of the nodes' Pekko Cluster. */
  boolean joined() {
    return Cluster.get(system).selfMember().status() == MemberStatus.up();
  }

  /** Writes {@code key}; true if a node acknowledged the write. */
  boolean write(String key, String value) {
    return answered(client.submit(KvCodec.COMMANDS.encode(new KvCommand.Put(key, value))));
  }

  /** Each membership change and a leadership transfer; the names of those a node carried out. */
  List<String> changeMembership(NodeId victim) {
    List<String> done = new ArrayList<>();
    if (answered(client.addMember(NodeId.of(name), "127.0.0.1:1", true))) {
      done.add("add-member");
    }
    if (answered(client.removeMember(victim))) {
      done.add("remove-member");
    }
    if (answered(client.changeVoters(Set.of(victim)))) {
      done.add("change-voters");
    }
    if (answered(client.transferLeadership(victim))) {
      done.add("transfer-leader");
    }
    return done;
  }

  /**
   * Sends each node, as if from {@code sender} at its real address, a RequestVote and an AppendEntries of
   * {@code term} (the latter carrying {@code key} = "by-outsider" at the follower's next index) and a TimeoutNow.
   */
  void forge(NodeId sender, long term, String clusterId, long nextIndex, String key) {
    byte[] command = KvCodec.COMMANDS.encode(new KvCommand.Put(key, "by-outsider"));
    List<LogEntry> entries = List.of(new LogEntry.Command(nextIndex, term, 0, 0, 0, System.currentTimeMillis(),
        command));
    List<RaftMessage> messages = List.of(
        new RaftMessage.RequestVote(term, sender, nextIndex + 1000, term, false, false),
        new RaftMessage.AppendEntries(term, sender, nextIndex - 1, term - 1, entries, nextIndex, 1),
        new RaftMessage.TimeoutNow(term, sender));
    ActorRefResolver resolver = ActorRefResolver.get(system);
    String senderEndpoint = nodes.get(sender);
    for (String endpoint : nodes.values()) {
      ActorRef<NodeProtocol.Command> node = resolver.resolveActorRef("pekko://raft@" + endpoint + "/user/raft");
      for (RaftMessage m : messages) {
        node.tell(new NodeProtocol.PeerMessage(m, senderEndpoint, clusterId, peerToken));
      }
    }
  }

  private static boolean answered(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(ATTEMPT.toMillis() + 2000, TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception refusedOrUnanswered) {
      // Refused (Rejected), or no node would talk to it: either way the attempt failed, which is what is asked.
      return false;
    }
  }

  /**
   * Stops the outsider's ActorSystem within a bound: one whose TLS handshakes keep failing (another CA) can hang in
   * Artery's shutdown on a loaded machine, and what this test checks ends before; its port is then unbound by force.
   */
  @Override
  public void close() {
    ArteryShutdown.terminate(system, Duration.ofSeconds(10), LoggerFactory.getLogger(Intruder.class));
  }
}
