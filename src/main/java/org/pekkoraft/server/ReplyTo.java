package org.pekkoraft.server;

import org.pekkoraft.protocol.ClientResponse;

/** Where a {@link Replica} answers one client request; an {@code ActorRef}'s {@code tell} in production. */
@FunctionalInterface
public interface ReplyTo {

  void tell(ClientResponse response);
}
