package org.pekkoraft.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractUnmatchedPath;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.put;
import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeout;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvLimits;
import org.pekkoraft.kv.KvResult;

/**
 * The key-value store over HTTP (docs/operations.md has the contract): {@code GET}, {@code PUT} and {@code DELETE}
 * {@code /kv/<key>} (the rest of the path, percent-decoded, is the key), {@code POST /kv-cas},
 * {@code GET /kv-range} and {@code POST /kv-txn}. Keys and values are byte strings, written in JSON as the query
 * parameter {@code encoding} says ({@link KvEncoding}). Every request goes through {@link KvAccess} as a library
 * client's would: reads are linearizable (ReadIndex at the leader), writes are applied once.
 *
 * <p>The routes assume the node runs the bundled store ({@code org.pekkoraft.kv.KvStateMachine}); a node running
 * another state machine refuses their commands as malformed, and they answer 400.
 */
final class KvRoutes {

  /** A range's entries when the request names no limit. */
  static final int DEFAULT_RANGE_LIMIT = 1000;

  private final KvAccess kv;

  KvRoutes(KvAccess kv) {
    this.kv = kv;
  }

  /**
   * The largest body a KV request may have: room for the largest command with its bytes in base64 (4/3 as long)
   * or escaped JSON text, and the JSON around them; never less than the rest of the API's limit.
   */
  long maxBodyBytes() {
    return 2L * kv.maxCommandBytes() + ApiRoutes.MAX_BODY_BYTES;
  }

  Route route() {
    // The server's own request timeout must not answer before the leader does (or the request's own timeout).
    return withRequestTimeout(kv.timeout().multipliedBy(2).plus(HealthRoutes.PROBE_TIMEOUT), () ->
        withSizeLimit(maxBodyBytes(), () -> concat(
            pathPrefix(PathMatchers.segment("kv").slash(), () -> extractUnmatchedPath(raw ->
                encoded(encoding -> key(encoding, raw)))),
            path("kv", () -> complete(Json.error(StatusCodes.BAD_REQUEST,
                "the key is empty: give it after /kv/"))),
            path("kv-cas", () -> post(() -> encoded(encoding -> entity(Unmarshaller.entityToString(), body ->
                cas(encoding, KvBodies.cas(encoding, Json.parse(body, KvBodies.CasBody.class))))))),
            path("kv-txn", () -> post(() -> encoded(encoding -> entity(Unmarshaller.entityToString(), body ->
                txn(KvBodies.txn(encoding, Json.parse(body, KvBodies.TxnBody.class))))))),
            path("kv-range", () -> get(() -> encoded(encoding -> parameterOptional("from", from ->
                parameterOptional("to", to -> parameterOptional("prefix", prefix -> parameterOptional("limit",
                    limit -> range(encoding, from, to, prefix, limit)))))))))));
  }

  private static Route encoded(Function<KvEncoding, Route> inner) {
    return parameterOptional("encoding", name -> inner.apply(KvEncoding.of(name)));
  }

  private Route key(KvEncoding encoding, String raw) {
    Bytes key = KvBodies.checked("the key in the path", encoding.fromPath(raw));
    return concat(
        get(() -> send(false, client -> client.get(key).thenApply(value -> value.isEmpty()
            ? KvAnswers.notFound(encoding, key) : entry(StatusCodes.OK, encoding, key, value.get())))),
        put(() -> entity(Unmarshaller.entityToString(), body -> {
          Bytes value = KvBodies.value(encoding, "value", Json.parse(body, KvBodies.PutBody.class).value());
          return write(new KvCommand.Put(key, value), client -> client.put(key, value).thenApply(done -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("key", encoding.toBody(key));
            answer.put("result", "ok");
            return Json.response(StatusCodes.OK, answer);
          }));
        })),
        delete(() -> write(new KvCommand.Delete(key), client -> client.delete(key).thenApply(existed -> {
          if (!existed) {
            return KvAnswers.notFound(encoding, key);
          }
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put("key", encoding.toBody(key));
          answer.put("deleted", true);
          return Json.response(StatusCodes.OK, answer);
        }))));
  }

  private Route cas(KvEncoding encoding, KvCommand.Cas cas) {
    return write(cas, client -> client.cas(cas.key(), cas.expected(), cas.newValue()).thenApply(result -> {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("swapped", result.applied());
      if (!result.applied()) {
        answer.put("current", result.current().map(encoding::toBody).orElse(null));
      }
      return Json.response(result.applied() ? StatusCodes.OK : StatusCodes.CONFLICT, answer);
    }));
  }

  private Route txn(KvCommand.Txn txn) {
    return write(txn, client -> client.txn(txn).thenApply(result ->
        Json.response(StatusCodes.OK, Map.of("succeeded", result.succeeded()))));
  }

  private Route range(KvEncoding encoding, Optional<String> from, Optional<String> to, Optional<String> prefix,
      Optional<String> limit) {
    int max = limit.map(KvRoutes::limit).orElse(DEFAULT_RANGE_LIMIT);
    KvCommand.Range range;
    if (prefix.isPresent()) {
      if (from.isPresent() || to.isPresent()) {
        throw new Json.BadRequest("give either 'prefix' or 'from'/'to', not both");
      }
      range = KvCommand.Range.prefix(encoding.fromQuery("prefix", prefix.get()), max);
    } else {
      Bytes end = to.map(t -> encoding.fromQuery("to", t)).orElse(null);
      if (end != null && end.isEmpty()) {
        throw new Json.BadRequest("parameter 'to' is empty: leave it out to read to the last key");
      }
      range = new KvCommand.Range(from.map(f -> encoding.fromQuery("from", f)).orElse(Bytes.EMPTY), end, max);
    }
    return send(false, client -> client.range(range.from(), range.to(), range.limit()).thenApply(result -> {
      List<Map<String, Object>> entries = new ArrayList<>(result.entries().size());
      for (KvResult.Entry e : result.entries()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("key", encoding.toBody(e.key()));
        entry.put("value", encoding.toBody(e.value()));
        entries.add(entry);
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("entries", entries);
      answer.put("more", result.more());
      return Json.response(StatusCodes.OK, answer);
    }));
  }

  private static int limit(String text) {
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= KvLimits.MAX_RANGE_ENTRIES) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new Json.BadRequest("parameter 'limit' is '" + text + "': it must be 1 to " + KvLimits.MAX_RANGE_ENTRIES);
  }

  private static HttpResponse entry(StatusCode status, KvEncoding encoding, Bytes key, Bytes value) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("key", encoding.toBody(key));
    answer.put("value", encoding.toBody(value));
    return Json.response(status, answer);
  }

  /** A write, refused here with 413 when its command is larger than the leader takes (nothing is sent then). */
  private Route write(KvCommand command, Function<KvClient, CompletionStage<HttpResponse>> request) {
    int size = KvCodec.COMMANDS.encode(command).length;
    if (size > kv.maxCommandBytes()) {
      return complete(Json.error(StatusCodes.PAYLOAD_TOO_LARGE, "the command is " + size + " bytes, over"
          + " pekko-raft.max-command-bytes (" + kv.maxCommandBytes() + ")"));
    }
    return send(true, request);
  }

  /** Sends {@code request} unless no leader is known (503 at once); every failure as {@link KvAnswers} says. */
  private Route send(boolean write, Function<KvClient, CompletionStage<HttpResponse>> request) {
    CompletionStage<HttpResponse> answer = kv.client().thenCompose(client -> client == null
        ? CompletableFuture.completedFuture(KvAnswers.noLeader()) : request.apply(client))
        .handle((response, error) -> error == null ? response
            : KvAnswers.failure(error, write, kv.timeout().toMillis()));
    return completeWithFuture(answer);
  }
}
