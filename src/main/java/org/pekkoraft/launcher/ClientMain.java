package org.pekkoraft.launcher;

import org.pekkoraft.security.CertificateRole;

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
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.kv.KvResult;

/**
 * {@code raft put|get|delete|cas}: one key-value request, its result on stdout and an exit code: 0 done, 1 not
 * found or cas mismatch, 2 refused as invalid, 3 no leader within {@code --timeout} (a write's outcome is then
 * unknown).
 */
final class ClientMain {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  /** How long to wait for one node before trying the next; short, since a local node answers in milliseconds. */
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(500);

  private ClientMain() {}

  static int run(String command, Args args, PrintStream out) {
    List<String> a = args.positional();
    if (command.equals("cas") && a.size() != (args.flag("absent") ? 2 : 3)) {
      throw args.usage(args.flag("absent") ? "'cas --absent' takes KEY NEW" : "'cas' takes KEY EXPECTED NEW");
    }
    Duration timeout = args.duration("timeout", DEFAULT_TIMEOUT);
    Endpoints endpoints = Endpoints.from(args.option("nodes"));
    try (ClientSystem client = new ClientSystem(endpoints, min(ATTEMPT_TIMEOUT, timeout), timeout,
        CertificateRole.CLIENT)) {
      KvClient kv = client.kv();
      switch (command) {
        case "put":
          await(kv.put(a.get(0), a.get(1)), timeout);
          out.println("OK");
          return ExitCodes.OK;
        case "get":
          return found(await(kv.get(a.get(0)), timeout), out);
        case "delete":
          return deleted(await(kv.delete(a.get(0)), timeout), out);
        case "cas":
          KvResult.CasResult result = args.flag("absent")
              ? await(kv.cas(a.get(0), null, a.get(1)), timeout)
              : await(kv.cas(a.get(0), a.get(1), a.get(2)), timeout);
          return casResult(result, out);
        default:
          throw new IllegalArgumentException("not a client command: " + command);
      }
    }
  }

  private static int found(Optional<String> value, PrintStream out) {
    if (value.isPresent()) {
      out.println(value.get());
      return ExitCodes.OK;
    }
    out.println("not found");
    return ExitCodes.NOT_FOUND;
  }

  private static int deleted(boolean existed, PrintStream out) {
    out.println(existed ? "deleted" : "not found");
    return existed ? ExitCodes.OK : ExitCodes.NOT_FOUND;
  }

  private static int casResult(KvResult.CasResult result, PrintStream out) {
    if (result.applied()) {
      out.println("OK");
      return ExitCodes.OK;
    }
    out.println(result.current().map(v -> "mismatch: current value is " + v).orElse("mismatch: key is absent"));
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
