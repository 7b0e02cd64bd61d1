package org.pekkoraft.node;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.stream.SharedKillSwitch;
import org.slf4j.Logger;

/**
 * Restarts Artery's outbound ordinary-message stream to one remote system, so that the next message opens a fresh
 * TCP connection. It does what Artery's own {@code stop-idle-outbound-after} timer does to an idle stream (stop
 * reason "idle", kill switch aborted, the queue replaced by a lazy one): no quarantine, the association and its
 * UID stay, the restart is not counted against {@code outbound-max-restarts}; messages still queued are dropped.
 *
 * <p>Artery has no public API for this, and no setting that bounds how long an established connection may stall:
 * after a blackhole TCP retransmits with exponential back-off and Artery waits for it. The internals are reached by
 * reflection (Pekko 1.x {@code org.apache.pekko.remote.artery.Association}); if they are not there (another
 * transport or version), {@link #available()} is false and {@link #restart} does nothing.
 */
final class ArteryOutbound {

  private final Object transport;
  private final Method association;
  private final Method isStreamActive;
  private final Field streamMatValues;
  private final Method setStopReason;
  private final Method clearStreamKillSwitch;
  private final Object idleSignal;
  private final int ordinaryQueueIndex;

  private ArteryOutbound(Object transport, Method association, Method isStreamActive, Field streamMatValues,
      Method setStopReason, Method clearStreamKillSwitch, Object idleSignal, int ordinaryQueueIndex) {
    this.transport = transport;
    this.association = association;
    this.isStreamActive = isStreamActive;
    this.streamMatValues = streamMatValues;
    this.setStopReason = setStopReason;
    this.clearStreamKillSwitch = clearStreamKillSwitch;
    this.idleSignal = idleSignal;
    this.ordinaryQueueIndex = ordinaryQueueIndex;
  }

  /** The restarter for {@code system}'s Artery transport, or null (logged once) if it cannot work here. */
  static ArteryOutbound of(ActorSystem<?> system, Logger log) {
    try {
      Object provider = ((ExtendedActorSystem) Adapter.toClassic(system)).provider();
      if (!(provider instanceof RemoteActorRefProvider remote)) {
        // No remoting, no connections to restart.
        return null;
      }
      Object transport = remote.transport();
      String pkg = "org.apache.pekko.remote.artery.";
      Class<?> artery = Class.forName(pkg + "ArteryTransport");
      if (!artery.isInstance(transport)) {
        log.warn("Remoting is not Artery: a stalled connection to a peer cannot be restarted");
        return null;
      }
      Class<?> assoc = Class.forName(pkg + "Association");
      Class<?> stopSignal = Class.forName(pkg + "Association$StopSignal");
      Object companion = Class.forName(pkg + "Association$").getField("MODULE$").get(null);
      int ordinary = (Integer) companion.getClass().getMethod("OrdinaryQueueIndex").invoke(companion);
      Field values = assoc.getDeclaredField("streamMatValues");
      values.setAccessible(true);
      Method setStop = assoc.getDeclaredMethod("setStopReason", int.class, stopSignal);
      setStop.setAccessible(true);
      Method clear = assoc.getDeclaredMethod("clearStreamKillSwitch", int.class, SharedKillSwitch.class);
      clear.setAccessible(true);
      Object idle = Class.forName(pkg + "Association$OutboundStreamStopIdleSignal$").getField("MODULE$").get(null);
      return new ArteryOutbound(transport, artery.getMethod("association", Address.class),
          assoc.getMethod("isStreamActive", int.class), values, setStop, clear, idle, ordinary);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("Cannot reach Artery's outbound streams ({}): a stalled connection to a peer cannot be restarted",
          e.toString());
      return null;
    }
  }

  /**
   * Stops the running ordinary outbound stream to {@code remote}; Artery starts a new one, with a new TCP
   * connection, when the next message is sent. False if no stream was running (or it was already stopping).
   */
  boolean restart(Address remote) {
    try {
      Object a = association.invoke(transport, remote);
      if (!(Boolean) isStreamActive.invoke(a, ordinaryQueueIndex)) {
        return false;
      }
      AtomicReference<?> ref = (AtomicReference<?>) streamMatValues.get(a);
      @SuppressWarnings("unchecked")
      scala.collection.immutable.Map<Object, Object> all = (scala.collection.immutable.Map<Object, Object>) ref.get();
      scala.Option<Object> current = all.get(ordinaryQueueIndex);
      if (current.isEmpty()) {
        return false;
      }
      Object values = current.get();
      // OptionVal is erased to its value or null.
      SharedKillSwitch killSwitch = (SharedKillSwitch) values.getClass().getMethod("streamKillSwitch").invoke(values);
      Object stopping = values.getClass().getMethod("stopping").invoke(values);
      if (killSwitch == null || stopping != null) {
        return false;
      }
      setStopReason.invoke(a, ordinaryQueueIndex, idleSignal);
      clearStreamKillSwitch.invoke(a, ordinaryQueueIndex, killSwitch);
      killSwitch.abort((Throwable) idleSignal);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
