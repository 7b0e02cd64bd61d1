package org.pekkoraft.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftMessage;

/**
 * The messages a Raft node accepts: from clients ({@link ClientRequest} writes, {@link ClientQuery} linearizable
 * reads, {@link RegisterClient} sessions), from operators (membership changes, leadership transfer, status), and
 * from its peers ({@link PeerMessage}). Clients may send any of them to any node; a node that is not the leader
 * answers {@link ClientResponse.NotLeader} with a hint. Every record here crosses the network, bound to a
 * serializer in reference.conf.
 */
public final class NodeProtocol {

  private NodeProtocol() {}

  /** Everything a node receives. */
  public interface Command {}

  /** A command that is answered with a {@link ClientResponse}. */
  public interface Request extends Command {
    ActorRef<ClientResponse> replyTo();
  }

  /**
   * A state machine command, applied once committed; the reply comes after it is applied. With a session
   * ({@code clientId} from {@link RegisterClient}, a {@code sequence} unique within it, and the lowest sequence
   * still awaiting a reply) a retry returns the first result instead of applying again; {@code clientId == 0}
   * means no session.
   */
  public record ClientRequest(long clientId, long sequence, long firstUnacknowledged, byte[] command,
      ActorRef<ClientResponse> replyTo) implements Request, CborSerializable {

    @Override
    public boolean equals(Object o) {
      return o instanceof ClientRequest r && clientId == r.clientId && sequence == r.sequence
          && Arrays.equals(command, r.command) && replyTo.equals(r.replyTo);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(clientId) * 31 + Long.hashCode(sequence);
    }

    @Override
    public String toString() {
      return "ClientRequest[client=" + clientId + " seq=" + sequence + " " + command.length + "B]";
    }
  }

  /**
   * Several writes of one client session sent together: the leader proposes them in one step and answers once with
   * {@link ClientResponse.Batch}, one answer per write in the order given. A node that does not lead answers the
   * whole batch {@link ClientResponse.NotLeader}, and a leader with too much pending answers it {@link
   * ClientResponse.Busy}; otherwise each write is answered as a {@link ClientRequest} would be.
   */
  public record ClientBatch(long clientId, long firstUnacknowledged, List<BatchedWrite> writes,
      ActorRef<ClientResponse> replyTo) implements Request, CborSerializable {

    @Override
    public String toString() {
      return "ClientBatch[client=" + clientId + " " + writes.size() + " writes]";
    }
  }

  /** A read-only query, answered linearizably without a log write (by ReadIndex, unless configured otherwise). */
  public record ClientQuery(byte[] query, ActorRef<ClientResponse> replyTo) implements Request, CborSerializable {

    @Override
    public boolean equals(Object o) {
      return o instanceof ClientQuery q && Arrays.equals(query, q.query) && replyTo.equals(q.replyTo);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(query);
    }
  }

  /** Opens a client session; answered with {@link ClientResponse.Registered}. */
  public record RegisterClient(ActorRef<ClientResponse> replyTo) implements Request, CborSerializable {}

  public record GetStatus(ActorRef<NodeStatus> replyTo) implements Command, CborSerializable {}

  /** Asks for the node's {@link NodeHealth}; answered even while the node recovers its journal. */
  public record GetHealth(ActorRef<NodeHealth> replyTo) implements Command, CborSerializable {}

  /**
   * An operator's request: it changes who is in the cluster or who leads, so a node carries it out only when
   * {@code adminToken} is the cluster's admin secret (docs/security.md); otherwise it answers
   * {@link ClientResponse.Rejected}.
   */
  public interface AdminRequest extends Request {
    String adminToken();
  }

  /** Adds a server reachable at {@code address} ("host:port"): a learner first, a voter once caught up. */
  public record AddMember(NodeId id, String address, boolean voter, String adminToken,
      ActorRef<ClientResponse> replyTo) implements AdminRequest, CborSerializable {

    @Override
    public String toString() {
      return "AddMember[" + id + " at " + address + (voter ? " as voter" : " as learner") + "]";
    }
  }

  public record RemoveMember(NodeId id, String adminToken, ActorRef<ClientResponse> replyTo)
      implements AdminRequest, CborSerializable {

    @Override
    public String toString() {
      return "RemoveMember[" + id + "]";
    }
  }

  /** Replaces the voting set through joint consensus; every new voter must already be a member. */
  public record ChangeVoters(Set<NodeId> voters, String adminToken, ActorRef<ClientResponse> replyTo)
      implements AdminRequest, CborSerializable {

    @Override
    public String toString() {
      return "ChangeVoters" + voters;
    }
  }

  public record TransferLeadership(NodeId target, String adminToken, ActorRef<ClientResponse> replyTo)
      implements AdminRequest, CborSerializable {

    @Override
    public String toString() {
      return "TransferLeadership[to " + target + "]";
    }
  }

  /**
   * Test hook (needs {@code pekko-raft.allow-link-filter = on}): drop every message to and from {@code blocked},
   * replacing any earlier filter. An empty set heals.
   */
  public record SetLinkFilter(Set<NodeId> blocked, ActorRef<ClientResponse> replyTo)
      implements Request, CborSerializable {}

  /**
   * From a peer that sends to us but has not heard from us for {@code pekko-raft.reconnect-silent-peer-after}: it
   * asks us to restart our outbound connection to {@code senderEndpoint} ("host:port"), which may be stalled. It
   * carries the peer secret as {@link PeerMessage} does, so that no outsider can make a node drop its connections.
   */
  public record LinkStalled(String senderEndpoint, String peerToken) implements Command, CborSerializable {

    @Override
    public String toString() {
      return "LinkStalled[from " + senderEndpoint + "]";
    }
  }

  /**
   * A Raft message from a peer, with the endpoint ("host:port") it can be answered at (a node that joins with an
   * empty configuration learns the leader's address this way), the cluster its sender's state belongs to (null
   * before it has one): a node drops messages of another cluster, and {@code peerToken}, the cluster's peer secret,
   * which only nodes hold: a node drops a message without it (docs/security.md; frames written before it existed
   * read as ""). The token never appears in {@link #toString}.
   */
  public record PeerMessage(RaftMessage message, String senderEndpoint, String clusterId, String peerToken)
      implements Command, CborSerializable {

    public PeerMessage {
      Objects.requireNonNull(peerToken, "peerToken");
    }

    @Override
    public String toString() {
      return "PeerMessage[" + message + " from " + senderEndpoint + " cluster=" + clusterId
          + (peerToken.isEmpty() ? "" : " with a peer token") + "]";
    }
  }

}
