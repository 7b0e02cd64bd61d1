package org.pekkoraft.launcher;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * A node process's exit code. The JVM exits with 128+signal after SIGTERM even when the node shut down well, and
 * with whatever code a library passes to {@code System.exit}; a node once reported a fatal error such as an
 * {@link OutOfMemoryError} as exit 0. So the code is the node's own ({@link #set}) only when the stop was asked
 * for: SIGTERM or SIGINT, the parent's exit ({@link #stopAsked}), or {@code run} returning before anything else
 * began the JVM's shutdown. An ActorSystem that terminated unasked and any other exit are failures,
 * {@link ExitCodes#FAILED}, said on stderr. On an OutOfMemoryError Pekko calls {@code System.exit(-1)}, and with the
 * heap exhausted the JVM's shutdown may not get as far as this hook: the process then exits 255, never 0.
 */
final class NodeExit {

  private final AtomicInteger code = new AtomicInteger(ExitCodes.OK);
  private final AtomicBoolean asked = new AtomicBoolean();
  /** Made at once: after an OutOfMemoryError even building this line may fail. */
  private final String fatal;

  NodeExit(String nodeId, String logFile) {
    fatal = "raft: " + nodeId + " stopped on a fatal error (such as running out of memory) or an unexpected exit;"
        + " see " + logFile;
  }

  /** The line that says the node stopped without being asked to. */
  String fatalLine() {
    return fatal;
  }

  /** The node is being stopped on purpose (its parent exited, for one): its own exit code counts. */
  void stopAsked() {
    asked.set(true);
  }

  /** Whether a stop was asked for (a signal, or {@link #stopAsked}). */
  boolean wasAsked() {
    return asked.get();
  }

  /**
   * Takes over SIGTERM and SIGINT (marking the stop as asked for) and adds the hook that ends the process with
   * the right code once {@code awaitTermination} returns. Fatal errors on threads without a handler of their own
   * end the process too, instead of leaving a node without that thread running.
   */
  void install(Runnable awaitTermination) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        asked.set(true);
        System.exit(code.get());
      });
    }
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      error.printStackTrace();
      if (error instanceof VirtualMachineError) {
        System.exit(ExitCodes.FAILED);
      }
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        awaitTermination.run();
        if (!asked.get()) {
          System.err.println(fatal);
          System.err.flush();
        }
      } catch (Throwable e) {
        // Out of memory again, most likely: the exit code below matters more than anything this could do.
      } finally {
        Runtime.getRuntime().halt(asked.get() ? code.get() : ExitCodes.FAILED);
      }
    }, "raft-exit-code"));
  }

  void set(int exitCode) {
    code.set(exitCode);
  }

  int get() {
    return code.get();
  }

  /**
   * Called when the node's run returns: its code counts, unless the JVM is already shutting down for another
   * reason (then the run only returned because that shutdown stopped the node).
   */
  void returning() {
    if (!shuttingDown()) {
      asked.set(true);
    }
  }

  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> { });
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
