package org.pekkoraft.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import java.util.List;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.protocol.CborSerializable;

/** What a node answers to a client request. */
public sealed interface ClientResponse extends CborSerializable {

  /** The command was committed and applied (or the read confirmed); {@code result} is the encoded result. */
  record Ok(byte[] result) implements ClientResponse {
    @Override
    public boolean equals(Object o) {
      return o instanceof Ok ok && Arrays.equals(result, ok.result);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(result);
    }

    @Override
    public String toString() {
      return "Ok[" + result.length + " bytes]";
    }
  }

  /** A session was opened; use {@code clientId} in later requests. */
  record Registered(long clientId) implements ClientResponse {}

  /**
   * This node is not the leader (or stopped being it before the command committed); try the hinted leader, whose
   * address is given when known. Either may be null. A write answered this way may still commit later: retry it
   * with the same session and sequence number to get its one result.
   */
  record NotLeader(NodeId leaderId, String leaderAddress) implements ClientResponse {}

  /**
   * The leader cannot take the request right now and changed nothing: a leadership transfer is under way, or too
   * many requests are waiting. Retry after a short pause (the same node, or the leader a later answer names).
   */
  record Busy(String reason) implements ClientResponse {}

  /** The request was refused and changed nothing: too large, malformed, or an invalid membership change. */
  record Rejected(String reason) implements ClientResponse {}

  /**
   * The client's session expired: this command was not applied, and an earlier attempt of it may or may not have
   * been. Register a new session.
   */
  record SessionExpired(String reason) implements ClientResponse {}

  /**
   * The outcome cannot be known here: an administrative request whose leader lost its leadership before it could
   * see the outcome (check the configuration before asking again), or a retried command whose result its session
   * no longer holds (it was not applied now; an earlier attempt may have been).
   */
  record OutcomeUnknown(String reason) implements ClientResponse {}

  /** An administrative request (membership change, leadership transfer) completed. */
  record Done(String detail) implements ClientResponse {}

  /**
   * The answers to a {@link NodeProtocol.ClientBatch}, one per write, in the order of its writes. (The type tags
   * apply to the answers in the list only: a top-level answer is written as before.)
   */
  record Batch(
      @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
      @JsonSubTypes({
          @JsonSubTypes.Type(value = Ok.class, name = "ok"),
          @JsonSubTypes.Type(value = NotLeader.class, name = "notLeader"),
          @JsonSubTypes.Type(value = Busy.class, name = "busy"),
          @JsonSubTypes.Type(value = Rejected.class, name = "rejected"),
          @JsonSubTypes.Type(value = SessionExpired.class, name = "expired"),
          @JsonSubTypes.Type(value = OutcomeUnknown.class, name = "unknown")})
      List<ClientResponse> answers) implements ClientResponse {}
}
