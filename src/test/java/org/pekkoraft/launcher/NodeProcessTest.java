package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pekkoraft.security.CredentialFiles;
import org.pekkoraft.security.PeerSecret;
import org.pekkoraft.security.TlsContexts;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.Ports;
import org.pekkoraft.testkit.TestCertificates;

/** Real {@code raft node} processes: what a running node holds, and how it stops. */
@Timeout(120)
class NodeProcessTest {

  private static final Duration START_TIMEOUT = NodeProcesses.START_TIMEOUT;

  @TempDir
  Path dir;

  private final NodeProcesses nodes = new NodeProcesses();

  @AfterEach
  void killLeftovers() {
    nodes.close();
  }

  @Test
  void aSecondStartOfARunningNodeIsRefusedAndSigtermStopsItWithExit0() throws Exception {
    int port = Ports.free();
    Path data = dir.resolve("data");
    Path conf = Cli.nodeConf(dir, "a", port, data, "");
    Path console = dir.resolve("a.out");
    Process node = start(conf, console, false);
    awaitRecovered(node, console);

    Cli.Result samePort = Cli.run("node", "--config", conf.toString());
    assertEquals(ExitCodes.USAGE, samePort.code(), samePort.err());
    assertEquals(List.of("raft: port " + port + " on 127.0.0.1 is already in use (is this node already running?"
        + " see 'raft status')"), samePort.errLines());

    Path otherPort = Cli.nodeConf(dir, "b", Ports.free(), data, "");
    Cli.Result sameData = Cli.run("node", "--config", otherPort.toString());
    assertEquals(ExitCodes.USAGE, sameData.code(), sameData.err());
    assertEquals(1, sameData.errLines().size(), sameData.err());
    assertTrue(sameData.err().contains("is locked by another running node"), sameData.err());

    node.destroy();
    assertTrue(node.waitFor(30, TimeUnit.SECONDS), "the node did not stop within 30 s of SIGTERM");
    assertEquals(ExitCodes.OK, node.exitValue(), read(console));
    assertTrue(Files.readString(data.resolve("node.log")).contains("recovered"), "node.log holds the node's log");
  }

  @Test
  void aNodeStartedByAParentExitsWhenItsStdinCloses() throws Exception {
    Path conf = Cli.nodeConf(dir, "child", Ports.free(), dir.resolve("data"), "");
    Path console = dir.resolve("child.out");
    Process node = start(conf, console, true);
    awaitRecovered(node, console);

    node.getOutputStream().close();
    assertTrue(node.waitFor(30, TimeUnit.SECONDS), "the node did not stop within 30 s of its stdin closing");
    assertEquals(ExitCodes.OK, node.exitValue(), read(console));
  }

  @Test
  void aNodeStartedWithJoinWaitsWithAnEmptyConfiguration() throws Exception {
    int port = Ports.free();
    Path conf = Cli.nodeConf(dir, "joiner", port, dir.resolve("data"), "");
    Path console = dir.resolve("joiner.out");
    Process node = start(conf, console, false, "--join");
    awaitRecovered(node, console);
    Await.until("the node to say that it joins", START_TIMEOUT, () -> read(console).contains("node-1 has join = on"));

    // Alone and an initial voter by its file, it would elect itself at once; joining, it stays a follower.
    Cli.Result status = Cli.run("status", "--nodes", "127.0.0.1:" + port, "--timeout", "5s");
    assertEquals(ExitCodes.OK, status.code(), status.err());
    assertTrue(status.out().matches("node-1 127\\.0\\.0\\.1:" + port + " role=FOLLOWER term=0 leader=- .*"
        + " voters=\\[\\] learners=\\[\\]\\R"), status.out());
    node.destroy();
    assertTrue(node.waitFor(30, TimeUnit.SECONDS), "the node did not stop within 30 s of SIGTERM");
  }

  @Test
  void aNodeWithAnotherPeerSecretIsRefusedByThePekkoClusterAndExits4() throws Exception {
    ActorSystem<Void> member = ActorSystem.create(Behaviors.empty(), "raft", ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        """).withFallback(TestCertificates.tlsConfig(TestCertificates.dir("node"))).withFallback(ConfigFactory.load()));
    try {
      Address address = Cluster.get(member).selfMember().address();
      Cluster.get(member).manager().tell(Join.create(address));
      Await.until("the member is Up", START_TIMEOUT, () -> Cluster.get(member).selfMember().status()
          == MemberStatus.up());
      int port = Ports.free();
      Path conf = Cli.nodeConf(dir, "other", port, dir.resolve("data"), """
          pekko.cluster.seed-nodes = ["%s", "pekko://raft@127.0.0.1:%d"]
          pekko-raft.security.dir = %s
          """.formatted(address, port, StatusMain.quote(otherPeerSecret(dir.resolve("other-node")).toString())));
      Path console = dir.resolve("other.out");
      Process node = start(conf, console, false);
      assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the refused node did not exit within 60 s:\n" + read(console));
      assertEquals(ExitCodes.FAILED, node.exitValue(), read(console));
      assertTrue(read(console).contains("raft: node-1 was refused by its cluster"), read(console));
    } finally {
      member.terminate();
      member.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The tests' node credentials, but with a peer secret of its own: a node of the same CA, of another cluster. */
  private static Path otherPeerSecret(Path target) throws IOException {
    Path node = TestCertificates.dir("node");
    Files.createDirectories(target);
    for (String file : List.of(CredentialFiles.KEY, CredentialFiles.CERT, CredentialFiles.CA_CERT,
        CredentialFiles.ADMIN_HASH)) {
      Files.copy(node.resolve(file), target.resolve(file));
    }
    CredentialFiles.write(target.resolve(CredentialFiles.PEER_SECRET), PeerSecret.generate(), true);
    return target;
  }

  /**
   * A node serves its HTTP API over HTTPS with mutual TLS, to the cluster's client certificate; a second node
   * configured with the same HTTP port is refused before it starts.
   */
  @Test
  void aNodeServesItsHttpApiOverHttpsAndItsPortIsCheckedFirst() throws Exception {
    int httpPort = Ports.free();
    String http = "pekko-raft.http.port = " + httpPort;
    Path conf = Cli.nodeConf(dir, "web", Ports.free(), dir.resolve("web-data"), http);
    Path console = dir.resolve("web.out");
    Process node = start(conf, console, false);
    awaitRecovered(node, console);

    HttpClient client = HttpClient.newBuilder()
        .sslContext(TlsContexts.mutual(Cli.certsDir().resolve("client"))).build();
    URI ready = URI.create("https://127.0.0.1:" + httpPort + "/ready");
    HttpResponse<String> answer = Await.value("the single node to be ready", START_TIMEOUT, () -> {
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(ready).build(),
            HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r : null;
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    });
    assertTrue(answer.body().contains("\"ready\":true"), answer.body());
    assertTrue(read(console).contains("node-1 serves its HTTP API at https://127.0.0.1:" + httpPort), read(console));

    Path clash = Cli.nodeConf(dir, "clash", Ports.free(), dir.resolve("clash-data"), http);
    Cli.Result refused = Cli.run("node", "--config", clash.toString());
    assertEquals(ExitCodes.USAGE, refused.code(), refused.err());
    assertEquals(List.of("raft: HTTP port " + httpPort + " on 127.0.0.1 is already in use (is this node already"
        + " running? see 'raft status')"), refused.errLines());

    node.destroy();
    assertTrue(node.waitFor(30, TimeUnit.SECONDS), "the node did not stop within 30 s of SIGTERM");
    assertEquals(ExitCodes.OK, node.exitValue(), read(console));
  }

  private Process start(Path conf, Path console, boolean exitOnStdinEof, String... extra) throws IOException {
    return nodes.start(conf, console, exitOnStdinEof, List.of(), extra);
  }

  private static void awaitRecovered(Process node, Path console) {
    NodeProcesses.awaitRecovered(node, console);
  }

  private static String read(Path file) {
    return NodeProcesses.read(file);
  }
}
