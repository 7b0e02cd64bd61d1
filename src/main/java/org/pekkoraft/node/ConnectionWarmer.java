package org.pekkoraft.node;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.pekkoraft.core.Configuration;

/**
 * Opens the connection to every member as soon as this node knows of it, so that the first message that matters (a
 * vote request after a leader dies, the first AppendEntries to a new member) does not wait for TCP and the TLS
 * handshake. The static members are opened at start ({@link Peers#connect}); this covers the members a configuration
 * change adds. Each endpoint is opened once: Artery keeps a connection up, and reconnects by itself when it is used.
 */
final class ConnectionWarmer {

  private final String ownEndpoint;
  private final Consumer<String> open;
  private final Set<String> opened = new HashSet<>();
  private Configuration last;

  /**
   * @param ownEndpoint this node's "host:port", never opened
   * @param openedAtStart the endpoints already opened at start
   * @param open opens a connection to a "host:port" (its answer, if any, is of no interest)
   */
  ConnectionWarmer(String ownEndpoint, Collection<String> openedAtStart, Consumer<String> open) {
    this.ownEndpoint = ownEndpoint;
    this.open = open;
    opened.addAll(openedAtStart);
  }

  /** Called with the current configuration after each input; cheap when it has not changed. */
  void configuration(Configuration configuration) {
    if (configuration == last) {
      return;
    }
    last = configuration;
    for (String endpoint : configuration.endpoints().values()) {
      if (!endpoint.equals(ownEndpoint) && opened.add(endpoint)) {
        open.accept(endpoint);
      }
    }
  }
}
