package org.pekkoraft.node;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.pekko.actor.Address;
import org.slf4j.Logger;

/**
 * Watches each link to a peer and replaces a stalled outbound connection. After a network blackhole the TCP
 * connections Artery holds stay established but wait out TCP's exponential retransmission back-off (tens of seconds
 * after a few cuts), and Artery never replaces an established connection by itself; a fresh connection carries
 * messages as soon as the network does.
 *
 * <p>A peer this node keeps sending to but has not heard from for {@code reconnect-silent-peer-after} gets a fresh
 * outbound connection ({@link ArteryOutbound}), at most once per interval, and is asked over it (a
 * {@code LinkStalled} notice, twice, shortly after) to do the same towards this node, whose messages it may not be
 * receiving. A single unanswered message (a reply, say) does not count: only sending that goes on. A peer never
 * heard from is left alone: its connection was never known to work, and on a cold JVM a TLS handshake alone can
 * take longer than the interval, so restarting it would only abort the handshake again and again (the first
 * election after a start took seconds that way). Times come from {@code clock} (System.nanoTime in a node).
 */
final class LinkWatchdog {

  /**
   * A message sent right after the restart still lands in the old stream's queue and is dropped (Artery swaps in the
   * new, lazy queue when the old stream has completed), so the notice follows a little later, twice.
   */
  private static final long[] NOTICE_DELAYS = {20_000_000L, 150_000_000L};

  /** One peer endpoint's traffic: last sent, last heard, first send since last heard (0: none), last reconnection. */
  private static final class Link {
    long sent;
    long heard;
    long unansweredSince;
    long reconnected;
    int reconnects;
    /** True once anything arrived from the peer: only then can its connection be stalled rather than not yet up. */
    boolean everHeard;
    /** When to send the next notice after a reconnection (0: none), and how many are left. */
    long noticeAt;
    int noticesLeft;

    Link(long now) {
      heard = now;
      reconnected = now;
    }
  }

  private final Map<String, Link> links = new HashMap<>();
  private final Predicate<Address> outbound;
  private final String systemName;
  private final long silentNanos;
  private final Logger log;
  private final LongSupplier clock;

  /** @param outbound how to restart a connection (true: restarted); null turns the watchdog off */
  LinkWatchdog(Predicate<Address> outbound, String systemName, long silentNanos, Logger log) {
    this(outbound, systemName, silentNanos, log, System::nanoTime);
  }

  LinkWatchdog(Predicate<Address> outbound, String systemName, long silentNanos, Logger log, LongSupplier clock) {
    this.outbound = outbound;
    this.systemName = systemName;
    this.silentNanos = silentNanos;
    this.log = log;
    this.clock = clock;
  }

  /** A message was just sent to {@code endpoint}. */
  void sent(String endpoint) {
    if (outbound == null) {
      return;
    }
    Link link = link(endpoint);
    link.sent = clock.getAsLong();
    if (link.unansweredSince == 0) {
      link.unansweredSince = link.sent;
    }
  }

  /** A message from {@code endpoint} arrived: the link from it works. */
  void heard(String endpoint) {
    if (outbound == null || endpoint == null) {
      return;
    }
    Link link = link(endpoint);
    link.heard = clock.getAsLong();
    link.everHeard = true;
    link.unansweredSince = 0;
    if (link.reconnects > 0) {
      log.info("Hearing from {} again after {} reconnection(s)", endpoint, link.reconnects);
      link.reconnects = 0;
    }
  }

  /** Called every tick: reconnects to silent peers, and sends the notices that follow a reconnection. */
  void check(Consumer<String> sendNotice) {
    if (outbound == null) {
      return;
    }
    long now = clock.getAsLong();
    for (Map.Entry<String, Link> e : links.entrySet()) {
      Link link = e.getValue();
      if (link.everHeard && link.unansweredSince != 0 && now - link.unansweredSince >= silentNanos
          && now - link.sent < silentNanos && now - link.reconnected >= silentNanos) {
        reconnect(e.getKey(), link, now, "sent to it for " + (now - link.unansweredSince) / 1_000_000
            + " ms without an answer");
        link.noticesLeft = NOTICE_DELAYS.length;
        link.noticeAt = now + NOTICE_DELAYS[0];
      } else if (link.noticeAt != 0 && now >= link.noticeAt) {
        sendNotice.accept(e.getKey());
        link.noticesLeft--;
        link.noticeAt = link.noticesLeft > 0 && link.unansweredSince != 0
            ? now + NOTICE_DELAYS[NOTICE_DELAYS.length - link.noticesLeft] - NOTICE_DELAYS[0] : 0;
      }
    }
  }

  /** The peer at {@code endpoint} says it does not hear us: reconnect to it, unless we just did. */
  void onStalledNotice(String endpoint) {
    if (outbound == null || endpoint == null) {
      return;
    }
    long now = clock.getAsLong();
    Link link = link(endpoint);
    heard(endpoint);
    if (now - link.reconnected >= silentNanos / 2) {
      reconnect(endpoint, link, now, "it does not hear us");
    }
  }

  private void reconnect(String endpoint, Link link, long now, String why) {
    link.reconnected = now;
    int colon = endpoint.lastIndexOf(':');
    Address address = new Address("pekko", systemName, endpoint.substring(0, colon),
        Integer.parseInt(endpoint.substring(colon + 1)));
    if (outbound.test(address)) {
      link.reconnects++;
      if (link.reconnects == 1) {
        log.info("Restarting the outbound connection to {}: {}", endpoint, why);
      } else {
        log.debug("Restarting the outbound connection to {} (#{}): {}", endpoint, link.reconnects, why);
      }
    }
  }

  private Link link(String endpoint) {
    return links.computeIfAbsent(endpoint, e -> new Link(clock.getAsLong()));
  }
}
