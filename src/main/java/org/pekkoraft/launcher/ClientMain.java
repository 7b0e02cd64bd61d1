package org.pekkoraft.launcher;

import org.pekkoraft.security.CertificateRole;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pekkoraft.client.RaftClientException;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.kv.KvResult;

/**
 * {@code raft put|get|delete|cas|range|txn}: one key-value request, its result on stdout and an exit code: 0
 * done, 1 not found, cas or txn mismatch, 2 refused as invalid (or a value text cannot show), 3 no leader within
 * {@code --timeout} (a write's outcome is then unknown). Keys and values are read and printed as
 * {@link ByteFormat} says. Requests go over the nodes' HTTP API when this client knows it for every node
 * ({@link ApiNodes}), over Artery otherwise.
 */
final class ClientMain {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  /** How long to wait for one node before trying the next; short, since a local node answers in milliseconds. */
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(500);

  private ClientMain() {}

  static int run(String command, Args args, InputStream stdin, PrintStream out, PrintStream err) {
    ByteFormat format = ByteFormat.of(args);
    KvCommand request = ClientRequests.parse(command, args, format, stdin);
    Duration timeout = args.duration("timeout", DEFAULT_TIMEOUT);
    Endpoints endpoints = Endpoints.from(args.option("nodes"));
    Optional<ApiNodes> api = ApiNodes.of(endpoints);
    if (api.isPresent()) {
      HttpKv kv = new HttpKv(new ApiClient(endpoints.tls(), CertificateRole.CLIENT),
          List.copyOf(api.get().urls().values()), timeout);
      return run(request, args, kv, format, out, err);
    }
    endpoints.arteryOnly("(a node without an HTTP API this client knows of)");
    try (ClientSystem client = new ClientSystem(endpoints, min(ATTEMPT_TIMEOUT, timeout), timeout,
        CertificateRole.CLIENT)) {
      return run(request, args, new ArteryKv(client.kv(), timeout), format, out, err);
    }
  }

  private static int run(KvCommand request, Args args, KvTransport kv, ByteFormat format, PrintStream out,
      PrintStream err) {
    if (request instanceof KvCommand.Put p) {
      kv.put(p.key(), p.value());
      out.println("OK");
      return ExitCodes.OK;
    }
    if (request instanceof KvCommand.Get g) {
      return found(kv.get(g.key()), format, out);
    }
    if (request instanceof KvCommand.Delete d) {
      return deleted(kv.delete(d.key()), out);
    }
    if (request instanceof KvCommand.Cas c) {
      return casResult(kv.cas(c.key(), c.expected(), c.newValue()), format, out);
    }
    if (request instanceof KvCommand.Range r) {
      return new RangePrinter(kv, format, out, err).print(r, ClientRequests.rangeLimit(args));
    }
    boolean succeeded = kv.txn((KvCommand.Txn) request).succeeded();
    out.println(succeeded ? "OK" : "mismatch");
    return succeeded ? ExitCodes.OK : ExitCodes.NOT_FOUND;
  }

  private static int found(Optional<Bytes> value, ByteFormat format, PrintStream out) {
    if (value.isEmpty()) {
      out.println("not found");
      return ExitCodes.NOT_FOUND;
    }
    byte[] shown = format.print(value.get(), false, false).orElseThrow(() -> new LauncherException(ExitCodes.USAGE,
        "the value is not printable text (" + ByteFormat.size(value.get()) + "): " + ByteFormat.HINT));
    out.writeBytes(shown);
    out.println();
    return ExitCodes.OK;
  }

  private static int deleted(boolean existed, PrintStream out) {
    out.println(existed ? "deleted" : "not found");
    return existed ? ExitCodes.OK : ExitCodes.NOT_FOUND;
  }

  private static int casResult(KvResult.CasResult result, ByteFormat format, PrintStream out) {
    if (result.applied()) {
      out.println("OK");
      return ExitCodes.OK;
    }
    if (result.current().isEmpty()) {
      out.println("mismatch: key is absent");
      return ExitCodes.NOT_FOUND;
    }
    Bytes current = result.current().get();
    Optional<byte[]> shown = format.print(current, true, false);
    if (shown.isPresent()) {
      out.print("mismatch: current value is ");
      out.writeBytes(shown.get());
      out.println();
    } else {
      out.println("mismatch: current value is not printable on one line (" + ByteFormat.size(current) + "; "
          + ByteFormat.HINT + ")");
    }
    return ExitCodes.NOT_FOUND;
  }

  /**
   * Waits for a request; the client gives up by itself at the deadline, the extra second here only guards
   * against a lost completion.
   */
  static <T> T await(CompletionStage<T> stage, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      throw failure(e.getCause() != null ? e.getCause() : e);
    } catch (TimeoutException e) {
      throw new LauncherException(ExitCodes.NO_LEADER, "no leader answered within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LauncherException(ExitCodes.NO_LEADER, "interrupted while waiting for the cluster");
    }
  }

  private static LauncherException failure(Throwable cause) {
    Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof RaftClientException e) {
      if (e.kind() == RaftClientException.Kind.REJECTED) {
        return new LauncherException(ExitCodes.USAGE, "refused: " + e.getMessage());
      }
      String unknown = e.kind() == RaftClientException.Kind.NO_LEADER ? "" : " (the write may or may not have"
          + " been applied)";
      return new LauncherException(ExitCodes.NO_LEADER, e.getMessage() + unknown);
    }
    return new LauncherException(ExitCodes.NO_LEADER, "request failed: " + c);
  }

  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
