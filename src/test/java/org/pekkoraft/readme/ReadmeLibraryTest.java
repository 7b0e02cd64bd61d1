package org.pekkoraft.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.client.RaftClientSettings;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.kv.KvStateMachine;
import org.pekkoraft.node.ArteryShutdown;
import org.pekkoraft.node.ArteryTls;
import org.pekkoraft.node.RaftNode;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.node.ThreadPools;
import org.pekkoraft.testkit.Ports;
import org.pekkoraft.testkit.TestCertificates;

/**
 * The README's "Using it as a library" code, run as written: the lines between the README markers below must appear
 * in the README's code block verbatim, and three nodes and a client started with them must store and read a key.
 */
class ReadmeLibraryTest {

  // README:begin
  // A node: its settings are the pekko-raft section of the configuration (reference.conf lists them); the journal
  // (LevelDB, fsync on) and the snapshot store need only data-dir. Artery runs mutual TLS with the node's
  // credentials (bin/raft certs writes them; see docs/security.md). ThreadPools sizes Pekko's thread pools for the
  // machine (about half more throughput on 2 cores).
  static ActorSystem<Void> startNode(String id, Map<String, String> members, Path dataDir, Path credentials) {
    List<String> seeds = new ArrayList<>();   // the other members first, this node last (see docs/design.md)
    members.forEach((other, endpoint) -> {
      if (!other.equals(id)) {
        seeds.add("pekko://raft@" + endpoint);
      }
    });
    seeds.add("pekko://raft@" + members.get(id));
    String[] host = members.get(id).split(":");
    Config config = ConfigFactory.load(ConfigFactory.parseMap(Map.of(
            "pekko-raft.node-id", id,
            "pekko-raft.members", members,
            "pekko-raft.data-dir", dataDir.toString(),
            "pekko-raft.initial-cluster-state", "new",   // the first start of a new cluster
            "pekko.actor.provider", "cluster",
            "pekko.cluster.seed-nodes", seeds,
            "pekko.remote.artery.canonical.hostname", host[0],
            "pekko.remote.artery.canonical.port", Integer.parseInt(host[1])))
        .withFallback(ArteryTls.config(credentials))
        .withFallback(ThreadPools.config()));
    RaftSettings settings = RaftSettings.fromConfig(config);   // a bad setting fails here, naming it
    return ActorSystem.create(Behaviors.setup(ctx -> {
      ctx.spawn(RaftNode.create(settings, new KvStateMachine()), settings.actorName());   // under /user/raft
      return Behaviors.empty();
    }), "raft", config);
  }

  // A client, in an ActorSystem of its own with a client's credentials: it finds the leader and follows it.
  static Optional<String> putAndGet(Map<String, String> members, Path clientCredentials) {
    Config config = ConfigFactory.load(ConfigFactory.parseMap(Map.of(
            "pekko.actor.provider", "remote",
            "pekko.remote.artery.canonical.hostname", "127.0.0.1",
            "pekko.remote.artery.canonical.port", 0))
        .withFallback(ArteryTls.config(clientCredentials)));
    ActorSystem<Void> clientSystem = ActorSystem.create(Behaviors.empty(), "client", config);
    try {
      Map<NodeId, String> endpoints = new LinkedHashMap<>();
      members.forEach((id, endpoint) -> endpoints.put(NodeId.of(id), endpoint));
      KvClient kv = new KvClient(RaftClient.create(clientSystem, RaftClientSettings.of(endpoints)));
      kv.put("greeting", "hello").toCompletableFuture().join();
      return kv.get("greeting").toCompletableFuture().join();   // linearizable, no log write
    } finally {
      clientSystem.terminate();
    }
  }
  // README:end

  @Test
  void theReadmeShowsThisCodeVerbatim() throws IOException {
    String source = Files.readString(Path.of("src/test/java/org/pekkoraft/readme/ReadmeLibraryTest.java"));
    String snippet = source.substring(source.indexOf("  // README:begin\n") + "  // README:begin\n".length(),
        source.indexOf("  // README:end\n"));
    StringBuilder dedented = new StringBuilder();
    for (String line : snippet.split("\n", -1)) {
      dedented.append(line.startsWith("  ") ? line.substring(2) : line).append('\n');
    }
    String readme = Files.readString(Path.of("README.md"));
    String expected = dedented.toString().stripTrailing();
    assertTrue(readme.contains("```java\n" + expected + "\n```"),
        "README.md's library snippet differs from ReadmeLibraryTest's; paste this into it:\n" + expected);
  }

  @Test
  void threeNodesAndAClientStartedAsTheReadmeShowsStoreAndReadAKey() throws Exception {
    Path data = Files.createTempDirectory("readme");
    Map<String, String> members = new LinkedHashMap<>();
    for (String id : List.of("node-1", "node-2", "node-3")) {
      members.put(id, "127.0.0.1:" + Ports.free());
    }
    List<ActorSystem<Void>> nodes = new ArrayList<>();
    try {
      for (String id : members.keySet()) {
        nodes.add(startNode(id, members, data.resolve(id), TestCertificates.dir("node")));
      }
      assertEquals(Optional.of("hello"), putAndGet(members, TestCertificates.dir("client")));
    } finally {
      nodes.forEach(n -> ArteryShutdown.terminate(n, Duration.ofSeconds(10), LoggerFactory.getLogger(getClass())));
    }
  }
}
