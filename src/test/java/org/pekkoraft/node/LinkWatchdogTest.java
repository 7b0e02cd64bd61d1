package org.pekkoraft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** When the watchdog replaces a connection, on a clock of its own: a stalled link yes, one never up no. */
class LinkWatchdogTest {

  private static final long MS = 1_000_000L;
  private static final long SILENT = 500 * MS;
  private static final String PEER = "127.0.0.1:2552";

  private long now = 1_000 * MS;
  private final List<Address> restarted = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();
  private final LinkWatchdog watchdog = new LinkWatchdog(a -> restarted.add(a), "raft", SILENT,
      LoggerFactory.getLogger(LinkWatchdogTest.class), () -> now);

  /** Sends to the peer every 50 ms for {@code ms}, checking the links at each step, as a leader's ticks do. */
  private void sendFor(long ms) {
    for (long t = 0; t < ms; t += 50) {
      now += 50 * MS;
      watchdog.sent(PEER);
      watchdog.check(notices::add);
    }
  }

  @Test
  void aPeerThatWasHeardAndFallsSilentGetsAFreshConnectionAndANotice() {
    watchdog.heard(PEER);
    sendFor(400);
    assertEquals(List.of(), restarted, "silent for less than the interval");
    sendFor(200);
    assertEquals(List.of(new Address("pekko", "raft", "127.0.0.1", 2552)), restarted);
    sendFor(300);
    assertEquals(List.of(PEER, PEER), notices, "asked twice to reconnect towards us");
    assertEquals(1, restarted.size(), "at most once per interval");
  }

  @Test
  void aPeerNeverHeardFromIsLeftAloneWhileItsConnectionIsStillComingUp() {
    sendFor(5_000);
    assertEquals(List.of(), restarted, "a connection never known to work is not restarted (a slow TLS handshake)");
    watchdog.heard(PEER);
    sendFor(600);
    assertEquals(1, restarted.size(), "once heard, silence counts");
  }
}
