package org.pekkoraft.node;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.slf4j.Logger;
import scala.jdk.javaapi.FutureConverters;

/**
 * Terminates an ActorSystem within a bound. Artery in Pekko 1.7.0 waits without a deadline for every remoting
 * stream to complete before it unbinds its port (ArteryTransport.internalShutdown; bounded in later Pekko by
 * {@code shutdown-streams-timeout}, apache/pekko#3317), and with TLS a stream sometimes never completes: the
 * system's actors, its journal included, have all stopped, but the port stays bound and the system never
 * terminates, so a node could not be started again on its address. After {@code patience} this unbinds the port
 * itself, by reflection ({@code ArteryTcpTransport.shutdownTransport}), and reports what it did.
 */
public final class ArteryShutdown {

  private static final Duration UNBIND_TIMEOUT = Duration.ofSeconds(10);

  private ArteryShutdown() {}

  /**
   * Terminates {@code system}; true when it terminated within {@code patience}, false when its port had to be
   * unbound by force (its threads then stay, idle). Throws if even that fails.
   */
  public static boolean terminate(ActorSystem<?> system, Duration patience, Logger log) {
    system.terminate();
    CompletableFuture<?> terminated = system.getWhenTerminated().toCompletableFuture();
    try {
      terminated.get(patience.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      log.warn("{} did not terminate within {} ms (Artery waits for a remoting stream that never completes):"
          + " unbinding its port by force", system.address(), patience.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + system.address() + " terminated", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(system.address() + " failed to terminate", e);
    }
    unbind(system);
    return false;
  }

  private static void unbind(ActorSystem<?> system) {
    try {
      Object provider = ((ExtendedActorSystem) Adapter.toClassic(system)).provider();
      if (!(provider instanceof RemoteActorRefProvider remote)) {
        throw new IllegalStateException(system.address() + " has no remoting to unbind");
      }
      Object transport = remote.transport();
      Method shutdownTransport = findMethod(transport.getClass(), "shutdownTransport");
      shutdownTransport.setAccessible(true);
      scala.concurrent.Future<?> unbound = (scala.concurrent.Future<?>) shutdownTransport.invoke(transport);
      FutureConverters.asJava(unbound).toCompletableFuture().get(UNBIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("cannot unbind " + system.address() + " (Pekko's Artery internals differ"
          + " from 1.7.0): " + e, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(system.address() + " could not be unbound: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while unbinding " + system.address(), e);
    }
  }

  private static Method findMethod(Class<?> type, String name) throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == 0) {
          return m;
        }
      }
    }
    throw new NoSuchMethodException(type.getName() + "." + name + "()");
  }
}
