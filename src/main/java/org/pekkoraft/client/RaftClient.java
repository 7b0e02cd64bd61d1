package org.pekkoraft.client;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.protocol.BatchedWrite;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.protocol.NodeProtocol;

/**
 * A thread-safe client for a Raft cluster. Every request goes to the node believed to lead and follows a
 * {@code NotLeader} answer's hint; without a trusted leader, or once the leader has not answered within
 * {@code attemptTimeout}, it goes to every node in parallel, until one answers, it is refused, or the
 * {@code deadline} passes ({@link Request}, {@link Routing}). Writes carry this client's session and a sequence
 * number, kept across retries, so a write retried after a timeout or a leader change applies once. Concurrent writes
 * travel in batches ({@link WriteBatcher}): one request and one answer for all the writes submitted while earlier
 * batches were on their way.
 */
public final class RaftClient {

  /** As many writes as a leader sends in one AppendEntries by default (pekko-raft.max-entries-per-append). */
  static final int MAX_WRITES_PER_BATCH = 512;
  /** Command bytes per batch: with its framing, well under Artery's 256 KiB frame, which it must never exceed. */
  static final long MAX_BYTES_PER_BATCH = 128 * 1024;

  private final ActorSystem<?> system;
  private final RaftClientSettings settings;
  private final ActorRefResolver resolver;
  private final Routing routing;
  private final Map<String, ActorRef<NodeProtocol.Command>> refs = new ConcurrentHashMap<>();
  private final SessionSequence sequence;
  /** Null when writes are not batched (no sessions, or turned off). */
  private final WriteBatcher batcher;
  private final org.apache.pekko.actor.ActorRef identifySink;
  private volatile CompletableFuture<Long> session;

  private RaftClient(ActorSystem<?> system, RaftClientSettings settings) {
    this.system = system;
    this.settings = settings;
    this.resolver = ActorRefResolver.get(system);
    this.routing = new Routing(settings.endpoints(), 2 * settings.attemptTimeout().toNanos(), System::nanoTime);
    this.sequence = new SessionSequence(settings.maxInFlightPerSession());
    this.batcher = settings.sessions() && settings.maxBatchesInFlight() > 0
        ? new WriteBatcher(settings.maxBatchesInFlight(), MAX_WRITES_PER_BATCH, MAX_BYTES_PER_BATCH, this::sendBatch)
        : null;
    this.identifySink = Adapter.toClassic(system.systemActorOf(Behaviors.ignore(),
        "raft-client-" + System.identityHashCode(this), Props.empty()));
  }

  /** A client that talks to the cluster from {@code system} (which needs remoting to reach other JVMs). */
  public static RaftClient create(ActorSystem<?> system, RaftClientSettings settings) {
    return new RaftClient(system, settings);
  }

  /** The node this client currently believes leads, if any. */
  public NodeId leaderGuess() {
    return routing.leaderGuess();
  }

  /** Submits a write; completes with the encoded result once it is committed and applied. */
  public CompletionStage<byte[]> submit(byte[] command) {
    long deadline = System.nanoTime() + settings.deadline().toNanos();
    if (!settings.sessions()) {
      return request(deadline, r -> new NodeProtocol.ClientRequest(0, 0, 0, command, r)).thenApply(this::result);
    }
    if (batcher == null) {
      return session(deadline).thenCompose(clientId -> sequence.reserve().thenCompose(seq ->
          request(deadline, r -> new NodeProtocol.ClientRequest(clientId, seq, sequence.firstUnacknowledged(),
              command, r))
              .whenComplete((response, error) -> sequence.acknowledged(seq))
              .thenApply(this::result)));
    }
    return session(deadline).thenCompose(clientId -> sequence.reserve().thenCompose(seq -> {
      CompletableFuture<ClientResponse> answer = new CompletableFuture<>();
      batcher.submit(new WriteBatcher.Pending(clientId, seq, command, deadline, answer));
      return answer.whenComplete((response, error) -> sequence.acknowledged(seq)).thenApply(this::result);
    }));
  }

  /** One batch of this session's writes as one request, which follows the leader like any other. */
  private CompletableFuture<ClientResponse> sendBatch(long clientId, List<BatchedWrite> writes, long deadline) {
    return new Request(this, routing, system, deadline, settings.deadline(), settings.attemptTimeout(),
        r -> new NodeProtocol.ClientBatch(clientId, sequence.firstUnacknowledged(), writes, r)).start();
  }

  /** A linearizable read-only query. */
  public CompletionStage<byte[]> query(byte[] query) {
    long deadline = System.nanoTime() + settings.deadline().toNanos();
    return request(deadline, r -> new NodeProtocol.ClientQuery(query, r)).thenApply(this::result);
  }

  public CompletionStage<String> addMember(NodeId id, String address, boolean voter) {
    return admin(r -> new NodeProtocol.AddMember(id, address, voter, settings.adminToken(), r));
  }

  public CompletionStage<String> removeMember(NodeId id) {
    return admin(r -> new NodeProtocol.RemoveMember(id, settings.adminToken(), r));
  }

  public CompletionStage<String> changeVoters(Set<NodeId> voters) {
    return admin(r -> new NodeProtocol.ChangeVoters(voters, settings.adminToken(), r));
  }

  public CompletionStage<String> transferLeadership(NodeId target) {
    return admin(r -> new NodeProtocol.TransferLeadership(target, settings.adminToken(), r));
  }

  /** One node's status, or a failed stage if it does not answer within the attempt timeout. */
  public CompletionStage<NodeStatus> status(NodeId node) {
    CompletionStage<NodeStatus> status =
        AskPattern.ask(ref(node), NodeProtocol.GetStatus::new, settings.attemptTimeout(), system.scheduler());
    return status.whenCompleteAsync((s, error) -> {
      if (error != null) {
        reconnect(node);
      }
    }, system.executionContext());
  }

  /**
   * Reopens the way to a node that did not answer. After a node shuts down gracefully, Artery drops every ordinary
   * message to its address until its next incarnation contacts us, which a node never does to a client; an actor
   * selection is let through and starts the handshake with the new incarnation.
   */
  public void reconnect(NodeId node) {
    String endpoint = routing.endpoint(node);
    if (endpoint != null) {
      Adapter.toClassic(system).actorSelection(path(endpoint)).tell(new Identify(node.value()), identifySink);
    }
  }

  /** Every node this client knows of, in a stable order. */
  public List<NodeId> nodes() {
    return routing.nodes();
  }

  public String endpoint(NodeId node) {
    return routing.endpoint(node);
  }

  /**
   * Membership changes and transfers are not idempotent and may take seconds (a learner catching up), so each node
   * gets the whole deadline to answer: the request is sent to a node again only after it redirected.
   */
  private CompletionStage<String> admin(Function<ActorRef<ClientResponse>, NodeProtocol.Command> message) {
    CompletionStage<ClientResponse> answer =
        new Request(this, routing, system, System.nanoTime() + settings.deadline().toNanos(), settings.deadline(),
            settings.deadline(), message).start();
    return answer.thenApply(response -> {
      if (response instanceof ClientResponse.Done done) {
        return done.detail();
      }
      throw failure(response);
    });
  }

  private CompletionStage<Long> session(long deadline) {
    CompletableFuture<Long> current = session;
    if (current != null && !current.isCompletedExceptionally()) {
      return current;
    }
    synchronized (this) {
      if (session == null || session.isCompletedExceptionally()) {
        CompletableFuture<Long> opening = new CompletableFuture<>();
        session = opening;
        request(deadline, NodeProtocol.RegisterClient::new).whenComplete((response, error) -> {
          if (error != null) {
            opening.completeExceptionally(error);
          } else if (response instanceof ClientResponse.Registered registered) {
            opening.complete(registered.clientId());
          } else {
            opening.completeExceptionally(failure(response));
          }
        });
      }
      return session;
    }
  }

  private byte[] result(ClientResponse response) {
    if (response instanceof ClientResponse.Ok ok) {
      return ok.result();
    }
    if (response instanceof ClientResponse.SessionExpired) {
      session = null;
    }
    throw failure(response);
  }

  private static RaftClientException failure(ClientResponse response) {
    if (response instanceof ClientResponse.Rejected r) {
      return new RaftClientException(RaftClientException.Kind.REJECTED, r.reason());
    }
    if (response instanceof ClientResponse.SessionExpired e) {
      return new RaftClientException(RaftClientException.Kind.SESSION_EXPIRED, e.reason());
    }
    if (response instanceof ClientResponse.OutcomeUnknown u) {
      return new RaftClientException(RaftClientException.Kind.OUTCOME_UNKNOWN, u.reason());
    }
    return new RaftClientException(RaftClientException.Kind.REJECTED, "unexpected answer " + response);
  }

  /** Sends until an answer other than NotLeader or Busy arrives or the deadline passes (see {@link Request}). */
  private CompletionStage<ClientResponse> request(long deadline,
      Function<ActorRef<ClientResponse>, NodeProtocol.Command> message) {
    return new Request(this, routing, system, deadline, settings.deadline(), settings.attemptTimeout(), message)
        .start();
  }

  ActorRef<NodeProtocol.Command> ref(NodeId node) {
    String endpoint = routing.endpoint(node);
    if (endpoint == null) {
      throw new IllegalArgumentException("unknown node " + node + "; known: " + routing.nodes());
    }
    return refs.computeIfAbsent(endpoint, e -> resolver.resolveActorRef(path(e)));
  }

  private String path(String endpoint) {
    return "pekko://" + settings.systemName() + "@" + endpoint + "/user/" + settings.actorName();
  }

}
