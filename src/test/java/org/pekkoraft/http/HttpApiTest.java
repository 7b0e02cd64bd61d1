package org.pekkoraft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.TestCertificates;
import org.pekkoraft.testkit.TestCluster;

/**
 * The HTTP API of a 3-node in-JVM cluster (plain TCP with the secrets checked, so plain HTTP), through the JDK's
 * HttpClient: probes, status, members, admin requests with and without the admin secret and forwarded from a
 * follower, JSON errors for bad input, metrics that move with writes, and readiness lost and regained by a node cut
 * off from the leader. The tests share one cluster and run in order; the last one partitions it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpApiTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Set<String> NODES = Set.of("n1", "n2", "n3");

  private TestCluster cluster;
  private final HttpProbe http = new HttpProbe();
  private final Optional<String> admin = Optional.of("Bearer " + TestCertificates.adminToken());

  @BeforeAll
  void start() {
    cluster = TestCluster.start(TestCluster.tempDir("http-api"), 3, "pekko-raft.http { enabled = on, port = 0 }");
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  private URI uri(String node, String path) {
    return cluster.node(node).httpUri().resolve(path);
  }

  private String follower(String leader, String... not) {
    return NODES.stream().filter(n -> !n.equals(leader) && !List.of(not).contains(n)).sorted().findFirst()
        .orElseThrow();
  }

  @Test
  @Order(1)
  void everyNodeIsAliveAndBecomesReadyOnceALeaderIsElected() throws IOException {
    String leader = cluster.awaitLeader(WAIT);
    for (String node : NODES) {
      HttpProbe.Answer health = http.get(uri(node, "/health"));
      assertEquals(200, health.status(), health.body());
      assertTrue(health.isJson(), health.contentType());
      assertEquals("alive", health.json().get("status").asText());
      assertEquals(node, health.json().get("node").asText());
      HttpProbe.Answer ready = Await.value(node + " to be ready", WAIT, () -> {
        HttpProbe.Answer a = http.poll(uri(node, "/ready"));
        return a.status() == 200 ? a : null;
      });
      assertTrue(ready.json().get("ready").asBoolean());
      assertEquals(leader, ready.json().get("leader").asText());
    }
  }

  @Test
  @Order(2)
  void statusShowsTheNodeAndMembersTheLeadersConfigurationWithEndpoints() throws IOException {
    String leader = cluster.awaitLeader(WAIT);
    String follower = follower(leader);
    JsonNode status = http.get(uri(follower, "/status")).json();
    assertEquals(follower, status.get("node").asText());
    assertEquals("FOLLOWER", status.get("role").asText());
    assertEquals(leader, status.get("leader").asText());
    assertEquals(3, status.get("voters").size());
    assertTrue(status.get("quiescent").isBoolean(), "quiescent is reported: " + status);
    assertFalse(status.get("quiescent").asBoolean(), "quiescence is off by default: " + status);

    HttpProbe.Answer members = http.get(uri(follower, "/members"));
    assertEquals(200, members.status(), members.body());
    assertEquals(leader, members.json().get("leader").asText());
    List<String> voters = new ArrayList<>();
    for (JsonNode voter : members.json().get("voters")) {
      voters.add(voter.get("node").asText());
      assertEquals(cluster.node(voter.get("node").asText()).endpoint(), voter.get("address").asText());
    }
    assertEquals(List.of("n1", "n2", "n3"), voters);
    assertEquals(0, members.json().get("learners").size());
  }

  @Test
  @Order(3)
  void adminRequestsWithoutTheAdminSecretAreRefusedBeforeReachingRaft() throws IOException {
    String leader = cluster.awaitLeader(WAIT);
    String target = follower(leader);
    String body = "{\"to\": \"" + target + "\"}";
    for (Optional<String> proof : List.of(Optional.<String>empty(), Optional.of("Bearer not-the-secret"),
        Optional.of("Bearer " + TestCertificates.peerToken()))) {
      HttpProbe.Answer refused = http.send("POST", uri(leader, "/transfer-leader"), body, proof);
      assertEquals(401, refused.status(), refused.body());
      assertTrue(refused.json().get("error").asText().contains("admin secret"), refused.body());
      assertTrue(refused.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }
    HttpProbe.Answer removal = http.send("DELETE", uri(leader, "/members/" + target), null, Optional.empty());
    assertEquals(401, removal.status(), removal.body());
    assertEquals(leader, cluster.awaitLeader(WAIT), "nothing was transferred");
    assertEquals(3, http.get(uri(leader, "/members")).json().get("voters").size(), "nothing was removed");
  }

  @Test
  @Order(4)
  void anAdminRequestToAFollowerIsForwardedToTheLeader() throws IOException {
    String leader = cluster.awaitLeader(WAIT);
    String asked = follower(leader);
    String target = follower(leader, asked);
    HttpProbe.Answer done = http.send("POST", uri(asked, "/transfer-leader"), "{\"to\": \"" + target + "\"}",
        admin);
    assertEquals(200, done.status(), done.body());
    assertTrue(done.json().get("done").asText().contains(target), done.body());
    assertEquals(target, cluster.awaitLeader(WAIT));

    HttpProbe.Answer refused = http.send("DELETE", uri(asked, "/members/n9"), null, admin);
    assertEquals(409, refused.status(), refused.body());
    assertTrue(refused.json().get("error").asText().contains("not a member"), refused.body());
  }

  @Test
  @Order(5)
  void badInputGetsOneJsonErrorWithTheRightStatus() throws IOException {
    String node = cluster.awaitLeader(WAIT);
    record Case(String method, String path, String body, int status, String says) {}
    List<Case> cases = List.of(
        new Case("POST", "/members", "{\"id\": \"n4\", ", 400, "malformed JSON"),
        new Case("POST", "/members", "{\"id\": \"n4\", \"adress\": \"127.0.0.1:1\"}", 400, "unknown field 'adress'"),
        new Case("POST", "/members", "{\"id\": \"n4\"}", 400, "field 'address' is required"),
        new Case("POST", "/members", "{\"id\": \"n4\", \"address\": \"nowhere\"}", 400, "host:port"),
        new Case("POST", "/members", "{\"id\": 4, \"address\": \"127.0.0.1:1\", \"learner\": \"yes\"}", 400,
            "field 'learner'"),
        new Case("POST", "/members", "[1, 2]", 400, "JSON object"),
        new Case("POST", "/members", "", 400, "needs a JSON body"),
        new Case("POST", "/transfer-leader", "{}", 400, "field 'to' is required"),
        new Case("POST", "/transfer-leader", "{\"to\": \" \"}", 400, "field 'to' is required"),
        new Case("POST", "/members", "{\"id\": \"" + "x".repeat(70_000) + "\"}", 413, "larger than the limit"),
        new Case("GET", "/no-such-thing", null, 404, "could not be found"),
        new Case("PUT", "/status", "{}", 405, "method not allowed"));
    for (Case c : cases) {
      HttpProbe.Answer answer = http.send(c.method(), uri(node, c.path()), c.body(), admin);
      String what = c.method() + " " + c.path() + " " + (c.body() == null ? "" : c.body().substring(0,
          Math.min(60, c.body().length())));
      assertEquals(c.status(), answer.status(), what + ": " + answer.body());
      assertTrue(answer.isJson(), what + ": " + answer.contentType());
      String error = answer.json().get("error").asText();
      assertTrue(error.contains(c.says()), what + ": " + error);
      assertFalse(error.contains("\n") || error.contains("\tat "), what + ": " + error);
    }
  }

  @Test
  @Order(6)
  void metricsMoveWithWrites() throws Exception {
    String leader = cluster.awaitLeader(WAIT);
    URI metrics = uri(leader, "/metrics");
    HttpProbe.Answer first = http.get(metrics);
    assertEquals(200, first.status());
    assertTrue(first.contentType().startsWith("text/plain"), first.contentType());
    for (String documented : List.of("raft_role", "raft_term", "raft_leader_known", "raft_commit_index",
        "raft_applied_index", "raft_last_log_index", "raft_snapshot_index", "raft_leader_changes_total",
        "raft_proposals_total", "raft_append_latency_seconds_bucket", "raft_append_events_count",
        "raft_snapshots_taken_total", "raft_snapshot_taken_size_bytes_count", "raft_snapshot_failures_total",
        "raft_snapshots_installed_total", "raft_snapshot_installed_size_bytes_count",
        "raft_client_requests_seconds_count", "raft_client_request_latency_seconds_bucket",
        "http_server_requests_seconds_count", "jvm_memory_used_bytes", "jvm_memory_max_bytes",
        "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
        "process_cpu_usage", "system_cpu_usage", "process_uptime_seconds")) {
      assertTrue(first.body().contains("\n" + documented), documented + " (docs/operations.md lists it)");
    }
    Scrape before = new Scrape(first.body());
    assertEquals(1.0, before.value("raft_role", "role=\"leader\""));
    assertEquals(1.0, before.value("raft_leader_known"));

    int writes = 25;
    List<CompletableFuture<Void>> puts = new ArrayList<>();
    for (int i = 0; i < writes; i++) {
      puts.add(cluster.kv().put("metrics-" + i, "v" + i).toCompletableFuture());
    }
    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    // Both gauges are published every tick; commit may run ahead of applied in either scrape.
    Scrape after = Await.value("the gauges to catch up (they are published every tick)", WAIT, () -> {
      Scrape s = new Scrape(http.poll(metrics).body());
      return s.value("raft_applied_index") >= before.value("raft_applied_index") + writes
          && s.value("raft_commit_index") >= before.value("raft_commit_index") + writes ? s : null;
    });
    assertTrue(after.value("raft_proposals_total", "kind=\"write\"")
        >= before.value("raft_proposals_total", "kind=\"write\"") + writes);
    assertTrue(after.value("raft_client_requests_seconds_count", "kind=\"write\"", "outcome=\"ok\"")
        >= before.value("raft_client_requests_seconds_count", "kind=\"write\"", "outcome=\"ok\"") + writes);
    double appends = after.value("raft_append_latency_seconds_count") - before.value(
        "raft_append_latency_seconds_count");
    assertTrue(appends >= 1, "journal writes were timed: " + appends);
    assertTrue(after.value("raft_append_latency_seconds_sum") > before.value("raft_append_latency_seconds_sum"));
    assertTrue(after.value("http_server_requests_seconds_count", "method=\"GET\"", "status=\"200\"")
        > before.value("http_server_requests_seconds_count", "method=\"GET\"", "status=\"200\""));
  }

  @Test
  @Order(7)
  void aNodeCutOffFromTheLeaderIsNotReadyUntilTheLinkHeals() {
    String leader = cluster.awaitLeader(WAIT);
    String cut = follower(leader);
    cluster.partition(Set.of(cut));
    try {
      HttpProbe.Answer notReady = Await.value(cut + " to be unready", WAIT, () -> {
        HttpProbe.Answer a = http.poll(uri(cut, "/ready"));
        return a.status() == 503 ? a : null;
      });
      assertFalse(notReady.json().get("ready").asBoolean());
      String why = notReady.json().get("error").asText();
      assertTrue(why.contains("no leader") || why.contains("no word from the leader"), why);
      assertEquals(200, http.poll(uri(cut, "/health")).status(), "unready, but alive");
      assertEquals(200, http.poll(uri(leader, "/ready")).status(), "the majority's leader stays ready");
    } finally {
      cluster.heal();
    }
    Await.until(cut + " to be ready again", WAIT, () -> http.poll(uri(cut, "/ready")).status() == 200);
  }

  /** A Prometheus text scrape. */
  record Scrape(String text) {

    /** The sum of the samples of {@code name} that carry every one of {@code labels}; 0 when there is none. */
    double value(String name, String... labels) {
      double sum = 0;
      for (String line : text.split("\n")) {
        if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
          continue;
        }
        String labelPart = line.substring(name.length(), line.lastIndexOf(' '));
        if (List.of(labels).stream().allMatch(labelPart::contains)) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    }
  }
}
