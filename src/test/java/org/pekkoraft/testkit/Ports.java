package org.pekkoraft.testkit;

import org.pekkoraft.bench.LoopbackPorts;

/** Free TCP ports on 127.0.0.1 for test nodes (see {@link LoopbackPorts} for why not {@code bind(0)}'s). */
public final class Ports {

  private Ports() {}

  public static int free() {
    return LoopbackPorts.free();
  }
}
