package org.pekkoraft.multijvm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for nodes that are killed and restarted on the same port. They are drawn below Linux's ephemeral range
 * (32768 and up): an ephemeral port that is free now may be taken by any outgoing connection on this busy machine
 * while its node is down, and the restart would then fail.
 */
final class FreePorts {

  private static final int LOW = 20000;
  private static final int HIGH = 32000;

  private FreePorts() {}

  static List<Integer> pick(int count) {
    Set<Integer> ports = new LinkedHashSet<>();
    for (int tries = 0; ports.size() < count; tries++) {
      if (tries > 10_000) {
        throw new IllegalStateException("no free ports in [" + LOW + ", " + HIGH + ")");
      }
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      if (free(port)) {
        ports.add(port);
      }
    }
    return List.copyOf(ports);
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
