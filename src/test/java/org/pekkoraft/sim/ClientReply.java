package org.pekkoraft.sim;

import org.pekkoraft.core.NodeId;

/** What a node answers a simulated client; mirrors the node layer's ClientResponse. */
sealed interface ClientReply
    permits ClientReply.Ok, ClientReply.Registered, ClientReply.NotLeader, ClientReply.SessionExpired,
        ClientReply.Rejected {

  /** Applied (or the read confirmed); {@code result} is an encoded KvResult. */
  record Ok(byte[] result) implements ClientReply {}

  record Registered(long clientId) implements ClientReply {}

  /**
   * Not the leader, or no longer the leader of the term in which the request was appended. A write answered so
   * may still commit: the client retries it with the same sequence number.
   */
  record NotLeader(NodeId leaderHint) implements ClientReply {}

  /** The session expired: this attempt was not applied, an earlier one may have been. */
  record SessionExpired() implements ClientReply {}

  /** Refused by the state machine layer (e.g. a sequence number already acknowledged): never expected here. */
  record Rejected(String reason) implements ClientReply {}
}
