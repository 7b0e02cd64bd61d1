package org.pekkoraft.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for nodes started in this process (the bench's and the tests'). They are chosen below the
 * kernel's ephemeral range (32768-60999 on Linux), where the port the OS hands out for {@code bind(0)} would lie:
 * a node started first connects to peers that do not listen yet, each attempt taking an ephemeral local port, and
 * one of those could be the port reserved for the next node between its choice and its bind. No port is handed
 * out twice by this process.
 */
public final class LoopbackPorts {

  private static final int FIRST = 20_000;
  private static final int END = 32_768;
  private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {}

  /** A port that no socket of this machine is bound to now, and that this process has not handed out before. */
  public static int free() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FIRST, END);
      if (handedOut.add(port) && bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port on 127.0.0.1 in [" + FIRST + ", " + END + ") after 1000 tries");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException taken) {
      return false;   // in use by another process: the caller tries another port
    }
  }
}
