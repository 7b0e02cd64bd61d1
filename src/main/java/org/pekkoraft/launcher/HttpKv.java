package org.pekkoraft.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;

/**
 * {@link KvTransport} over the nodes' HTTP API ({@code /kv}, {@code /kv-cas}, {@code /kv-range}, {@code /kv-txn},
 * keys and values in base64 so that any bytes pass). Any node serves a request: it forwards to its leader, which
 * applies a write once. This client moves on to the next node when one is down or knows no leader (503), until
 * the command's deadline. A read may be asked again anywhere; a write goes to another node only when the first
 * certainly did not get it (no connection), since a node that timed out may still apply it.
 */
final class HttpKv implements KvTransport {

  /** A read that one node has not answered in this long is asked of the next. */
  private static final Duration READ_ATTEMPT = Duration.ofSeconds(2);
  /** The pause before asking again while no node knows a leader (an election takes a few hundred ms). */
  private static final long RETRY_PAUSE_NANOS = Duration.ofMillis(50).toNanos();
  private static final String BASE64 = "encoding=base64";

  private final ApiClient api;
  private final List<URI> nodes;
  private final Duration timeout;
  private final long deadline;
  /** The node to ask first: the last one that answered. */
  private int next;

  HttpKv(ApiClient api, List<URI> nodes, Duration timeout) {
    this.api = api;
    this.nodes = List.copyOf(nodes);
    this.timeout = timeout;
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  @Override
  public void put(Bytes key, Bytes value) {
    ObjectNode body = ApiClient.object().put("value", value.toBase64());
    expect(call(false, "PUT", keyPath(key), body), 200);
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    ApiClient.Answer answer = call(true, "GET", keyPath(key), null);
    return notFound(answer) ? Optional.empty() : Optional.of(bytes(expect(answer, 200).body(), "value"));
  }

  @Override
  public boolean delete(Bytes key) {
    ApiClient.Answer answer = call(false, "DELETE", keyPath(key), null);
    return !notFound(answer) && expect(answer, 200) != null;
  }

  @Override
  public KvResult.CasResult cas(Bytes key, Bytes expected, Bytes newValue) {
    ObjectNode body = ApiClient.object().put("key", key.toBase64()).put("value", newValue.toBase64());
    if (expected == null) {
      body.putNull("expected");
    } else {
      body.put("expected", expected.toBase64());
    }
    ApiClient.Answer answer = call(false, "POST", "/kv-cas?" + BASE64, body);
    if (answer.status() == 409) {
      JsonNode current = answer.body().get("current");
      return new KvResult.CasResult(false, current == null || current.isNull() ? Optional.empty()
          : Optional.of(bytes(answer.body(), "current")));
    }
    expect(answer, 200);
    return new KvResult.CasResult(true, Optional.empty());
  }

  @Override
  public KvResult.RangeResult range(Bytes from, Bytes to, int limit) {
    StringBuilder query = new StringBuilder("/kv-range?" + BASE64 + "&limit=" + limit);
    if (!from.isEmpty()) {
      query.append("&from=").append(queryValue(from));
    }
    if (to != null) {
      query.append("&to=").append(queryValue(to));
    }
    JsonNode body = expect(call(true, "GET", query.toString(), null), 200).body();
    List<KvResult.Entry> entries = new ArrayList<>();
    for (JsonNode entry : body.path("entries")) {
      entries.add(new KvResult.Entry(bytes(entry, "key"), bytes(entry, "value")));
    }
    return new KvResult.RangeResult(entries, body.path("more").asBoolean(false));
  }

  @Override
  public KvResult.TxnResult txn(KvCommand.Txn txn) {
    ObjectNode body = ApiClient.object();
    ArrayNode compares = body.putArray("compare");
    for (KvCommand.Compare compare : txn.compares()) {
      if (compare instanceof KvCommand.Compare.ValueIs v) {
        compares.addObject().put("key", v.key().toBase64()).put("value", v.value().toBase64());
      } else {
        compares.addObject().put("key", ((KvCommand.Compare.Absent) compare).key().toBase64()).put("absent", true);
      }
    }
    ops(body.putArray("success"), txn.success());
    ops(body.putArray("failure"), txn.failure());
    JsonNode answer = expect(call(false, "POST", "/kv-txn?" + BASE64, body), 200).body();
    return new KvResult.TxnResult(answer.path("succeeded").asBoolean(false));
  }

  private static void ops(ArrayNode into, List<KvCommand.TxnOp> ops) {
    for (KvCommand.TxnOp op : ops) {
      if (op instanceof KvCommand.Put p) {
        into.addObject().putObject("put").put("key", p.key().toBase64()).put("value", p.value().toBase64());
      } else {
        into.addObject().putObject("delete").put("key", ((KvCommand.Delete) op).key().toBase64());
      }
    }
  }

  /**
   * Sends a request to the first node that takes it and returns the answer, retrying as the class comment says.
   * Answers other than 503 (and, for a read, other than 5xx) are returned for the caller to judge.
   */
  private ApiClient.Answer call(boolean read, String method, String path, JsonNode body) {
    String problem = null;
    int failedInRow = 0;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new LauncherException(ExitCodes.NO_LEADER, "no leader answered within " + timeout.toMillis() + " ms"
            + (problem == null ? "" : " (last: " + problem + ")"));
      }
      URI node = nodes.get(next);
      Duration wait = Duration.ofNanos(read ? Math.min(left, READ_ATTEMPT.toNanos()) : left);
      try {
        ApiClient.Answer answer = api.send(node.resolve(path), method, body, wait);
        if (answer.status() < 500 || (!read && answer.status() != 503)) {
          if (answer.status() >= 500) {
            throw new LauncherException(ExitCodes.NO_LEADER, answer.error() + " (the write may or may not have"
                + " been applied)");
          }
          return answer;
        }
        problem = node + ": " + answer.error();
      } catch (ApiClient.Unanswered e) {
        if (!read && !e.notSent()) {
          throw new LauncherException(ExitCodes.NO_LEADER, e.getMessage() + " (the write may or may not have been"
              + " applied)");
        }
        problem = e.getMessage();
      }
      next = (next + 1) % nodes.size();
      failedInRow++;
      if (failedInRow % nodes.size() == 0) {
        LockSupport.parkNanos(Math.min(RETRY_PAUSE_NANOS, Math.max(0, deadline - System.nanoTime())));
      }
    }
  }

  /** A 404 that the KV API gave for a missing key (not for a path this node does not serve). */
  private static boolean notFound(ApiClient.Answer answer) {
    return answer.status() == 404 && answer.body().has("key");
  }

  /** The answer if it has {@code status}; otherwise the failure it stands for. */
  private static ApiClient.Answer expect(ApiClient.Answer answer, int status) {
    if (answer.status() == status) {
      return answer;
    }
    int code = answer.status();
    if (code == 400 || code == 413 || code == 422) {
      throw new LauncherException(ExitCodes.USAGE, "refused: " + answer.error());
    }
    if (code == 404) {
      throw LauncherException.config("the node has no key-value API (" + answer.error() + "): is it an older"
          + " build than this client?");
    }
    throw new LauncherException(ExitCodes.USAGE, "unexpected answer (HTTP " + code + "): " + answer.error());
  }

  private static Bytes bytes(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual()) {
      throw new LauncherException(ExitCodes.USAGE, "the node's answer has no '" + field + "'");
    }
    return Bytes.fromBase64(value.asText());
  }

  /** A key in the path: URL-safe base64, which needs no escaping. */
  private static String keyPath(Bytes key) {
    return "/kv/" + Base64.getUrlEncoder().withoutPadding().encodeToString(key.toByteArray()) + "?" + BASE64;
  }

  private static String queryValue(Bytes key) {
    return URLEncoder.encode(key.toBase64(), StandardCharsets.US_ASCII);
  }
}
