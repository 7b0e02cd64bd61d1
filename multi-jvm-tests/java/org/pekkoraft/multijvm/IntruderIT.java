package org.pekkoraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.lincheck.History;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvModel;
import org.pekkoraft.lincheck.KvOutput;
import org.pekkoraft.lincheck.LinearizabilityChecker;
import org.pekkoraft.lincheck.Result;
import org.pekkoraft.lincheck.Verdict;
import org.pekkoraft.node.ArteryTls;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.security.CertificateAuthority;
import org.pekkoraft.security.CertificateRole;
import org.pekkoraft.security.CredentialFiles;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.TestCertificates;
import org.pekkoraft.testkit.WriteLoad;

/**
 * Three node processes on mutual TLS, as shipped, attacked by outsiders while honest clients work: one with a
 * certificate of another CA (and that cluster's secrets), one on plain TCP, and one with a client certificate of
 * this cluster. Each tries to join the Pekko Cluster (through Pekko's join protocol; a hand-made Join message is
 * not checked, see docs/security.md), to write, to change membership and to forge RequestVote, AppendEntries and
 * TimeoutNow in a term far ahead. Then a node certificate is replaced under load.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntruderIT extends ProcessClusterFixture {

  private static final int HONEST_CLIENTS = 3;
  private static final long FORGED_TERM_AHEAD = 1000;

  IntruderIT() {
    super("intruders", 3);
  }

  @Test
  @Order(1)
  void outsidersCanNeitherJoinNorChangeMembershipNorForgeRaftMessages() throws Exception {
    String leader = cluster.status().awaitLeader(WAIT);
    cluster.status().awaitConverged(WAIT);
    NodeStatus before = cluster.status().of(leader);
    String follower = cluster.others(leader).iterator().next();
    Map<NodeId, String> endpoints = new LinkedHashMap<>();
    cluster.ids().forEach(id -> endpoints.put(NodeId.of(id), cluster.node(id).endpoint()));

    long seed = ThreadLocalRandom.current().nextLong();
    Report.line("intruders: honest clients' seed %d", seed);
    History<KvInput, KvOutput> history = new History<>();
    AtomicBoolean running = new AtomicBoolean(true);
    SharedRun shared = new SharedRun(history, running, new AtomicInteger(1000), new OpCounts(), new Failovers());
    List<String> keys = List.of("honest-a", "honest-b", "honest-c");
    List<CompletableFuture<Void>> honest = new ArrayList<>();
    for (int i = 0; i < HONEST_CLIENTS; i++) {
      honest.add(new KvWorker(i, cluster.client(Duration.ofMillis(500), Duration.ofSeconds(5)), shared, seed + i,
          keys).start());
    }

    Path rogue = TestCertificates.rogue();
    List<Intruder> intruders = List.of(
        new Intruder("rogue-ca", TestCertificates.tlsConfig(rogue.resolve("node")), endpoints,
            read(rogue.resolve("node").resolve(CredentialFiles.PEER_SECRET)),
            read(rogue.resolve("admin").resolve(CredentialFiles.ADMIN_SECRET))),
        new Intruder("plain-tcp", ArteryTls.plaintext(), endpoints, "", ""),
        new Intruder("client-cert", TestCertificates.tlsConfig(TestCertificates.dir("client")), endpoints,
            "a-guess-at-the-peer-secret-that-is-long-enough", "a-guess-at-the-admin-secret"));
    try {
      for (Intruder intruder : intruders) {
        boolean wrote = intruder.write("pwned-write-" + intruder.name(), "by-outsider");
        if (intruder.name().equals("client-cert")) {
          assertTrue(wrote, "a client certificate of the cluster may write (its role)");
        } else {
          assertFalse(wrote, intruder.name() + " wrote a key");
        }
        assertEquals(List.of(), intruder.changeMembership(NodeId.of(follower)),
            intruder.name() + " changed membership or leadership");
        intruder.forge(NodeId.of(follower), before.term() + FORGED_TERM_AHEAD, before.clusterId(),
            before.lastLogIndex() + 1, "pwned-" + intruder.name());
        Report.line("intruders: %s attacked (write %s)", intruder.name(), wrote ? "allowed" : "refused");
      }
      // Joins last: a refused joiner is shut down by Pekko. The client certificate passes TLS, so its refusal comes
      // from the join check (it shuts down); the others never get through the handshake: they had as long.
      intruders.forEach(Intruder::join);
      Intruder client = intruders.get(2);
      Await.until("the client-certificate intruder's join to be refused", WAIT, client::shutDown);
      for (Intruder intruder : intruders) {
        assertFalse(intruder.joined(), intruder.name() + " joined the nodes' Pekko Cluster");
      }
    } finally {
      for (Intruder intruder : intruders) {
        intruder.close();
      }
    }

    running.set(false);
    CompletableFuture.allOf(honest.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    cluster.status().awaitConverged(WAIT);
    for (String id : cluster.ids()) {
      NodeStatus now = cluster.status().of(id);
      assertTrue(now.term() < before.term() + FORGED_TERM_AHEAD, id + " took a forged term: " + now);
      assertEquals(before.voters(), now.voters(), id + "'s voters changed");
      assertEquals(before.clusterId(), now.clusterId());
    }
    for (String name : List.of("rogue-ca", "plain-tcp", "client-cert")) {
      assertEquals(Optional.empty(), kv.get("pwned-" + name).toCompletableFuture().get(30, TimeUnit.SECONDS),
          "a forged AppendEntries of " + name + " was applied");
    }
    for (String name : List.of("rogue-ca", "plain-tcp")) {
      assertEquals(Optional.empty(), kv.get("pwned-write-" + name).toCompletableFuture().get(30, TimeUnit.SECONDS));
    }
    int process = 2000;
    for (String key : keys) {
      History.Handle handle = history.invoke(process++, new KvInput.Get(key));
      history.ok(handle, new KvOutput.Value(kv.get(key).toCompletableFuture().get(30, TimeUnit.SECONDS)
          .orElse(null)));
    }
    Result result = LinearizabilityChecker.check(new KvModel(), history.operations(), Duration.ofMinutes(2));
    Report.line("intruders: %d honest operations (%s), term %d -> %d; %s", history.operations().size(),
        shared.counts(), before.term(), cluster.status().of(leader).term(), result);
    assertEquals(Verdict.LINEARIZABLE, result.verdict(), result.explanation() + " (seed " + seed + ")");
    assertTrue(shared.counts().total(OpCounts.Outcome.OK) >= 20, "honest clients got too little done: "
        + shared.counts());
  }

  @Test
  @Order(2)
  void nodeCertificatesReplacedUnderLoadAreUsedWithoutFailingClients() throws Exception {
    cluster.status().awaitLeader(WAIT);
    String node = cluster.ids().get(0);
    Path credentials = TestCertificates.dir("node");
    BigInteger old = CertificateAuthority.readCertificate(credentials.resolve(CredentialFiles.CERT))
        .getSerialNumber();
    assertEquals(old, TlsProbe.presentedSerial(cluster.node(node).endpoint(), TestCertificates.dir("client")));
    WriteLoad load = new WriteLoad(kv, "rotate", 4);
    load.awaitAcknowledged(50, WAIT);

    // Every test node shares this directory: all three certificates are replaced at once, the harder case.
    CertificateAuthority.open(TestCertificates.cluster().resolve("ca"))
        .issue(credentials, "node", CertificateRole.NODE, Duration.ofDays(30));
    BigInteger renewed = CertificateAuthority.readCertificate(credentials.resolve(CredentialFiles.CERT))
        .getSerialNumber();
    assertNotEquals(old, renewed);
    Await.until(node + " to present its new certificate (ssl-context-cache-ttl is 10 s)", WAIT,
        () -> presents(cluster.node(node).endpoint(), renewed));

    // A restarted node opens every connection anew, with the new certificate on both ends.
    String follower = cluster.others(cluster.status().awaitLeader(WAIT)).iterator().next();
    cluster.node(follower).kill();
    cluster.node(follower).start();
    int atRestart = load.acknowledgedCount();
    load.awaitAcknowledged(atRestart + 100, WAIT);
    cluster.status().awaitConverged(WAIT);
    long failed = load.failedCount();
    acknowledged.putAll(load.stop());
    Report.line("rotation: %d writes acknowledged, %d failed, certificate %s -> %s", acknowledged.size(), failed,
        old.toString(16), renewed.toString(16));
    assertTrue(failed <= 1, failed + " writes failed while certificates were replaced");
  }

  /**
   * True when {@code endpoint} presents the certificate {@code serial}; false also while a handshake fails, as it
   * may for a moment between the replacement of the key and that of the certificate.
   */
  private static boolean presents(String endpoint, BigInteger serial) {
    try {
      return serial.equals(TlsProbe.presentedSerial(endpoint, TestCertificates.dir("client")));
    } catch (Exception notYet) {
      Report.line("rotation: handshake with %s failed (retrying): %s", endpoint, notYet);
      return false;
    }
  }

  private static String read(Path file) throws Exception {
    return CredentialFiles.read(file).strip();
  }
}
