package org.pekkoraft.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.testkit.Await;
import org.pekkoraft.testkit.TestCertificates;
import org.pekkoraft.testkit.TestCluster;

/**
 * The KV routes of the HTTP API on a 3-node in-JVM cluster (plain HTTP), through the JDK's HttpClient
 * ({@link HttpProbe}, as {@link HttpApiTest}): every request goes to a follower unless said otherwise, so each is
 * forwarded to the leader. The tests share one cluster, each on keys of its own; the last one partitions it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KvHttpTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> NODES = List.of("n1", "n2", "n3");
  private static final Optional<String> NO_AUTH = Optional.empty();

  private TestCluster cluster;
  private final HttpProbe http = new HttpProbe();

  @BeforeAll
  void start() {
    cluster = TestCluster.start(TestCluster.tempDir("kv-http"), 3, "pekko-raft.http { enabled = on, port = 0 }");
    cluster.awaitLeader(WAIT);
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  /** A node that does not lead now (the first that answers so). */
  private String follower() {
    String leader = cluster.awaitLeader(WAIT);
    return NODES.stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
  }

  private HttpProbe.Answer send(String node, String method, String path, String body) throws IOException {
    return http.send(method, cluster.node(node).httpUri().resolve(path), body, NO_AUTH);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String urlB64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Test
  @Order(1)
  void putGetAndDeleteRoundTripThroughAFollower() throws IOException {
    String node = follower();
    HttpProbe.Answer put = send(node, "PUT", "/kv/dir/a%20b%2Fc", "{\"value\": \"h\u00e9llo\"}");
    assertEquals(200, put.status(), put.body());
    assertTrue(put.isJson(), put.contentType());
    assertEquals("dir/a b/c", put.json().get("key").asText());
    assertEquals("ok", put.json().get("result").asText());

    for (String reader : NODES) {
      HttpProbe.Answer got = send(reader, "GET", "/kv/dir/a%20b/c", null);
      assertEquals(200, got.status(), reader + ": " + got.body());
      assertEquals("dir/a b/c", got.json().get("key").asText());
      assertEquals("h\u00e9llo", got.json().get("value").asText(), reader);
    }
    assertEquals("h\u00e9llo", cluster.kv().get("dir/a b/c").toCompletableFuture().join().orElseThrow(),
        "a library client reads what HTTP wrote");

    HttpProbe.Answer deleted = send(node, "DELETE", "/kv/dir/a%20b/c", null);
    assertEquals(200, deleted.status(), deleted.body());
    assertTrue(deleted.json().get("deleted").asBoolean());
    HttpProbe.Answer again = send(node, "DELETE", "/kv/dir/a%20b/c", null);
    assertEquals(404, again.status(), again.body());
    assertEquals("not found", again.json().get("error").asText());
    HttpProbe.Answer gone = send(node, "GET", "/kv/dir/a%20b/c", null);
    assertEquals(404, gone.status(), gone.body());
    assertEquals("dir/a b/c", gone.json().get("key").asText());
  }

  @Test
  @Order(2)
  void binaryKeysAndValuesRoundTripByteForByteInBase64() throws IOException {
    long seed = System.nanoTime();
    System.out.println("KvHttpTest binary seed " + seed);
    Random random = new Random(seed);
    byte[] key = {0, (byte) 0xff, (byte) 0x80, '/', '+', (byte) 0xfe};
    byte[] value = new byte[3000];
    random.nextBytes(value);
    String node = follower();
    HttpProbe.Answer put = send(node, "PUT", "/kv/" + urlB64(key) + "?encoding=base64",
        "{\"value\": \"" + b64(value) + "\"}");
    assertEquals(200, put.status(), put.body());
    assertEquals(b64(key), put.json().get("key").asText(), "answers carry standard base64");

    HttpProbe.Answer got = send(node, "GET", "/kv/" + Base64.getUrlEncoder().encodeToString(key)
        + "?encoding=base64", null);
    assertEquals(200, got.status(), got.body());
    assertArrayEquals(value, Base64.getDecoder().decode(got.json().get("value").asText()));
    assertArrayEquals(value, cluster.kv().get(Bytes.copyOf(key)).toCompletableFuture().join().orElseThrow()
        .toByteArray(), "the store holds the very bytes");
  }

  @Test
  @Order(3)
  void aValueThatIsNotUtf8IsRefusedInTextModeAndNeverAltered() throws IOException {
    String node = follower();
    byte[] value = {(byte) 0x80, 'b', 'i', 'n'};
    assertEquals(200, send(node, "PUT", "/kv/" + urlB64("bin".getBytes()) + "?encoding=base64",
        "{\"value\": \"" + b64(value) + "\"}").status());

    HttpProbe.Answer text = send(node, "GET", "/kv/bin", null);
    assertEquals(422, text.status(), text.body());
    assertTrue(text.json().get("error").asText().contains("encoding=base64"), text.body());
    assertFalse(text.body().contains("\ufffd"), text.body());
    HttpProbe.Answer range = send(node, "GET", "/kv-range?prefix=bin", null);
    assertEquals(422, range.status(), range.body());

    HttpProbe.Answer raw = send(node, "GET", "/kv/" + urlB64("bin".getBytes()) + "?encoding=base64", null);
    assertEquals(200, raw.status(), raw.body());
    assertEquals(b64(value), raw.json().get("value").asText());

    HttpProbe.Answer badKey = send(node, "GET", "/kv/%80bin", null);
    assertEquals(400, badKey.status(), "a path key that is not UTF-8 in text mode: " + badKey.body());
    assertTrue(badKey.json().get("error").asText().contains("encoding=base64"), badKey.body());
  }

  @Test
  @Order(4)
  void compareAndSetSwapsOnlyOnAMatchAndNullMeansAbsent() throws IOException {
    String node = follower();
    String create = "{\"key\": \"cas\", \"expected\": null, \"value\": \"1\"}";
    HttpProbe.Answer created = send(node, "POST", "/kv-cas", create);
    assertEquals(200, created.status(), created.body());
    assertTrue(created.json().get("swapped").asBoolean());

    HttpProbe.Answer exists = send(node, "POST", "/kv-cas", create);
    assertEquals(409, exists.status(), exists.body());
    assertFalse(exists.json().get("swapped").asBoolean());
    assertEquals("1", exists.json().get("current").asText());

    HttpProbe.Answer swapped = send(node, "POST", "/kv-cas",
        "{\"key\": \"cas\", \"expected\": \"1\", \"value\": \"2\"}");
    assertEquals(200, swapped.status(), swapped.body());
    HttpProbe.Answer mismatch = send(node, "POST", "/kv-cas",
        "{\"key\": \"cas\", \"expected\": \"1\", \"value\": \"3\"}");
    assertEquals(409, mismatch.status(), mismatch.body());
    assertEquals("2", mismatch.json().get("current").asText());

    HttpProbe.Answer absent = send(node, "POST", "/kv-cas", "{\"key\": \"no-cas\", \"expected\": \"x\","
        + " \"value\": \"y\"}");
    assertEquals(409, absent.status(), absent.body());
    assertTrue(absent.json().get("current").isNull(), absent.body());
    assertEquals("2", send(node, "GET", "/kv/cas", null).json().get("value").asText());
    assertEquals(404, send(node, "GET", "/kv/no-cas", null).status());
  }

  @Test
  @Order(5)
  void rangeReadsAPrefixOrBoundsUpToTheLimit() throws IOException {
    String node = follower();
    for (String k : List.of("r/a", "r/b", "r/c", "r/d", "r/e", "r0", "q")) {
      assertEquals(200, send(node, "PUT", "/kv/" + k, "{\"value\": \"v-" + k + "\"}").status(), k);
    }
    HttpProbe.Answer page = send(node, "GET", "/kv-range?prefix=r/&limit=3", null);
    assertEquals(200, page.status(), page.body());
    assertEquals(List.of("r/a", "r/b", "r/c"), keys(page.json()));
    assertEquals("v-r/a", page.json().get("entries").get(0).get("value").asText());
    assertTrue(page.json().get("more").asBoolean());

    HttpProbe.Answer all = send(node, "GET", "/kv-range?prefix=r/", null);
    assertEquals(List.of("r/a", "r/b", "r/c", "r/d", "r/e"), keys(all.json()));
    assertFalse(all.json().get("more").asBoolean());

    HttpProbe.Answer bounded = send(node, "GET", "/kv-range?from=r/b&to=r/d", null);
    assertEquals(List.of("r/b", "r/c"), keys(bounded.json()));
    HttpProbe.Answer base64 = send(node, "GET", "/kv-range?encoding=base64&from=" + urlB64("r/d".getBytes())
        + "&limit=2", null);
    assertEquals(List.of(b64("r/d".getBytes()), b64("r/e".getBytes())), keys(base64.json()));

    for (String bad : List.of("prefix=r/&from=r/a", "limit=0", "limit=10001", "limit=x", "encoding=hex")) {
      HttpProbe.Answer refused = send(node, "GET", "/kv-range?" + bad, null);
      assertEquals(400, refused.status(), bad + ": " + refused.body());
    }
  }

  private static List<String> keys(JsonNode range) {
    List<String> keys = new ArrayList<>();
    range.get("entries").forEach(e -> keys.add(e.get("key").asText()));
    return keys;
  }

  @Test
  @Order(6)
  void aTransactionAppliesItsSuccessOrItsFailureBranch() throws IOException {
    String node = follower();
    String txn = "{\"compare\": [{\"key\": \"t\", \"absent\": true}],"
        + " \"success\": [{\"put\": {\"key\": \"t\", \"value\": \"1\"}},"
        + " {\"put\": {\"key\": \"t2\", \"value\": \"2\"}}],"
        + " \"failure\": [{\"put\": {\"key\": \"t-failed\", \"value\": \"yes\"}}, {\"delete\": {\"key\": \"t2\"}}]}";
    HttpProbe.Answer first = send(node, "POST", "/kv-txn", txn);
    assertEquals(200, first.status(), first.body());
    assertTrue(first.json().get("succeeded").asBoolean());
    assertEquals("1", send(node, "GET", "/kv/t", null).json().get("value").asText());
    assertEquals("2", send(node, "GET", "/kv/t2", null).json().get("value").asText());
    assertEquals(404, send(node, "GET", "/kv/t-failed", null).status());

    HttpProbe.Answer second = send(node, "POST", "/kv-txn", txn);
    assertEquals(200, second.status(), second.body());
    assertFalse(second.json().get("succeeded").asBoolean());
    assertEquals("yes", send(node, "GET", "/kv/t-failed", null).json().get("value").asText());
    assertEquals(404, send(node, "GET", "/kv/t2", null).status());

    HttpProbe.Answer valueCompare = send(node, "POST", "/kv-txn",
        "{\"compare\": [{\"key\": \"t\", \"value\": \"1\"}],"
        + " \"success\": [{\"delete\": {\"key\": \"t\"}}]}");
    assertTrue(valueCompare.json().get("succeeded").asBoolean(), valueCompare.body());
    assertEquals(404, send(node, "GET", "/kv/t", null).status());
  }

  @Test
  @Order(7)
  void badKeysAndBodiesGetOneJsonErrorWithTheRightStatus() throws IOException {
    String node = follower();
    String longKey = "k".repeat(4097);
    record Case(String method, String path, String body, int status, String says) {}
    List<Case> cases = List.of(
        new Case("PUT", "/kv/", "{\"value\": \"v\"}", 400, "empty"),
        new Case("GET", "/kv", null, 400, "empty"),
        new Case("PUT", "/kv/" + longKey, "{\"value\": \"v\"}", 400, "4097 bytes"),
        new Case("GET", "/kv/" + longKey, null, 400, "4097 bytes"),
        new Case("POST", "/kv-cas", "{\"key\": \"\", \"expected\": null, \"value\": \"v\"}", 400, "empty"),
        new Case("POST", "/kv-cas", "{\"key\": \"" + longKey + "\", \"expected\": null, \"value\": \"v\"}", 400,
            "4097 bytes"),
        new Case("POST", "/kv-cas", "{\"key\": \"c\", \"value\": \"v\"}", 400, "'expected' is required"),
        new Case("POST", "/kv-txn", "{\"success\": [{\"put\": {\"key\": \"\", \"value\": \"v\"}}]}", 400,
            "success[0].put.key"),
        new Case("POST", "/kv-txn", "{\"success\": [{}]}", 400, "exactly one of 'put' and 'delete'"),
        new Case("POST", "/kv-txn", "{\"compare\": [{\"key\": \"a\"}]}", 400,
            "exactly one of 'value' and 'absent'"),
        new Case("PUT", "/kv/x", "{\"value\": \"v\", \"ttl\": 3}", 400, "unknown field 'ttl'"),
        new Case("PUT", "/kv/x", "{\"value\": ", 400, "malformed JSON"),
        new Case("PUT", "/kv/x", "{}", 400, "field 'value' is required"),
        new Case("PUT", "/kv/x?encoding=base64", "{\"value\": \"not base64!\"}", 400, "base64"),
        new Case("PUT", "/kv/x*?encoding=base64", "{\"value\": \"AA==\"}", 400, "URL-safe base64"),
        new Case("PUT", "/kv/x?encoding=utf16", "{\"value\": \"v\"}", 400, "encoding=base64"),
        new Case("PUT", "/kv/big", "{\"value\": \"" + "v".repeat(70_000) + "\"}", 413, "max-command-bytes"),
        new Case("PUT", "/kv/huge", "{\"value\": \"" + "v".repeat(300_000) + "\"}", 413, "larger than the limit"),
        new Case("POST", "/kv/x", "{}", 405, "method not allowed"));
    for (Case c : cases) {
      HttpProbe.Answer answer = send(node, c.method(), c.path(), c.body());
      String what = c.method() + " " + c.path().substring(0, Math.min(40, c.path().length())) + " "
          + (c.body() == null ? "" : c.body().substring(0, Math.min(60, c.body().length())));
      assertEquals(c.status(), answer.status(), what + ": " + answer.body());
      assertTrue(answer.isJson(), what + ": " + answer.contentType());
      String error = answer.json().get("error").asText();
      assertTrue(error.contains(c.says()), what + ": " + error);
      assertFalse(error.contains("\n") || error.contains("\tat "), what + ": " + error);
    }
    assertEquals(404, send(node, "GET", "/kv/x", null).status(), "no refused write was applied");
  }

  @Test
  @Order(8)
  void concurrentWritesThroughOneFollowerAllSucceedInOrder() throws Exception {
    String node = follower();
    int writes = 40;
    List<CompletableFuture<HttpProbe.Answer>> answers = new ArrayList<>();
    for (int i = 0; i < writes; i++) {
      String body = "{\"key\": \"counter\", \"expected\": " + (i == 0 ? "null" : "\"" + (i - 1) + "\"")
          + ", \"value\": \"" + i + "\"}";
      // A chain of compare-and-sets, each sent once the one before answered, beside independent puts.
      CompletableFuture<HttpProbe.Answer> previous = i == 0 ? CompletableFuture.completedFuture(null)
          : answers.get(i - 1);
      answers.add(previous.thenApplyAsync(p -> {
        try {
          return send(node, "POST", "/kv-cas", body);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
    List<CompletableFuture<HttpProbe.Answer>> puts = new ArrayList<>();
    for (int i = 0; i < writes; i++) {
      String path = "/kv/batch-" + i;
      puts.add(CompletableFuture.supplyAsync(() -> {
        try {
          return send(node, "PUT", path, "{\"value\": \"x\"}");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
    for (CompletableFuture<HttpProbe.Answer> a : answers) {
      HttpProbe.Answer answer = a.get(60, TimeUnit.SECONDS);
      assertEquals(200, answer.status(), answer.body());
    }
    for (CompletableFuture<HttpProbe.Answer> p : puts) {
      assertEquals(200, p.get(60, TimeUnit.SECONDS).status());
    }
    assertEquals(String.valueOf(writes - 1), send(node, "GET", "/kv/counter", null).json().get("value").asText());
    assertEquals(writes, send(node, "GET", "/kv-range?prefix=batch-", null).json().get("entries").size());
  }

  @Test
  @Order(9)
  void aChainOfCompareAndSetsAcrossLeaderChangesAppliesEachOnce() throws Exception {
    String node = follower();
    int writes = 60;
    CompletableFuture<List<HttpProbe.Answer>> chain = CompletableFuture.supplyAsync(() -> {
      List<HttpProbe.Answer> answers = new ArrayList<>();
      for (int i = 0; i < writes; i++) {
        // Applied twice (a retry inside the node after NotLeader applied again), a swap would answer 409.
        String body = "{\"key\": \"chain\", \"expected\": " + (i == 0 ? "null" : "\"" + (i - 1) + "\"")
            + ", \"value\": \"" + i + "\"}";
        // 503 (this node knows no leader for a moment, mid-transfer) is answered before anything is sent: retry it,
        // as its Retry-After asks. Any other answer counts.
        answers.add(Await.value("swap " + i + " answered by a known leader", WAIT, () -> {
          try {
            HttpProbe.Answer a = send(node, "POST", "/kv-cas", body);
            return a.status() == 503 ? null : a;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }));
      }
      return answers;
    });
    Optional<String> admin = Optional.of("Bearer " + TestCertificates.adminToken());
    for (int transfer = 0; transfer < 2 && !chain.isDone(); transfer++) {
      String leader = cluster.awaitLeader(WAIT);
      String target = NODES.stream().filter(n -> !n.equals(leader)).sorted().findFirst().orElseThrow();
      HttpProbe.Answer moved = http.send("POST", cluster.node(target).httpUri().resolve("/transfer-leader"),
          "{\"to\": \"" + target + "\"}", admin);
      assertEquals(200, moved.status(), moved.body());
    }
    List<HttpProbe.Answer> answers = chain.get(120, TimeUnit.SECONDS);
    for (int i = 0; i < writes; i++) {
      assertEquals(200, answers.get(i).status(), "swap " + i + ": " + answers.get(i).body());
    }
    assertEquals(String.valueOf(writes - 1), send(node, "GET", "/kv/chain", null).json().get("value").asText());
  }

  @Test
  @Order(10)
  void aNodeThatKnowsNoLeaderAnswers503WithRetryAfter() throws IOException {
    String leader = cluster.awaitLeader(WAIT);
    String cut = NODES.stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    cluster.partition(Set.of(cut));
    try {
      HttpProbe.Answer refused = Await.value(cut + " to lose its leader", WAIT, () -> {
        try {
          HttpProbe.Answer a = send(cut, "GET", "/kv/anything", null);
          return a.status() == 503 ? a : null;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      assertTrue(refused.json().get("error").asText().contains("no leader"), refused.body());
      assertEquals("1", refused.raw().headers().firstValue("Retry-After").orElse(""));
      HttpProbe.Answer write = send(cut, "PUT", "/kv/during-partition", "{\"value\": \"v\"}");
      assertEquals(503, write.status(), write.body());
    } finally {
      cluster.heal();
    }
    cluster.awaitLeader(WAIT);
    assertEquals(404, send(leader, "GET", "/kv/during-partition", null).status(), "the refused write was not"
        + " applied");
  }
}
