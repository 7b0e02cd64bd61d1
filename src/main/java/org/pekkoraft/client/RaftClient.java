package org.pekkoraft.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.protocol.NodeProtocol;

/**
 * A thread-safe client for a Raft cluster. Every request goes to the node believed to lead; a {@code NotLeader}
 * answer redirects it to the hinted leader, a silent node is skipped after {@code attemptTimeout}, and the request
 * is retried until it succeeds, is refused, or the {@code deadline} passes. Writes carry this client's session
 * and a sequence number, kept across retries, so a write retried after a timeout or a leader change applies once.
 */
public final class RaftClient {

  /** Pause before asking another node, so that retries do not pile onto a cluster that is electing or loaded. */
  private static final Duration RETRY_BACKOFF = Duration.ofMillis(20);

  private final ActorSystem<?> system;
  private final RaftClientSettings settings;
  private final ActorRefResolver resolver;
  private final Map<NodeId, String> endpoints = new ConcurrentHashMap<>();
  private final Map<String, ActorRef<NodeProtocol.Command>> refs = new ConcurrentHashMap<>();
  private final AtomicInteger rotation = new AtomicInteger();
  private final SessionSequence sequence;
  private final org.apache.pekko.actor.ActorRef identifySink;
  /** Nodes that recently failed to answer, until when: a leader hint naming one of them is not trusted. */
  private final Map<NodeId, Long> suspectUntil = new ConcurrentHashMap<>();
  private volatile NodeId leaderGuess;
  private volatile CompletableFuture<Long> session;

  private RaftClient(ActorSystem<?> system, RaftClientSettings settings) {
    this.system = system;
    this.settings = settings;
    this.resolver = ActorRefResolver.get(system);
    this.endpoints.putAll(settings.endpoints());
    this.sequence = new SessionSequence(settings.maxInFlightPerSession());
    this.identifySink = Adapter.toClassic(system.systemActorOf(Behaviors.ignore(),
        "raft-client-" + System.identityHashCode(this), Props.empty()));
  }

  /** A client that talks to the cluster from {@code system} (which needs remoting to reach other JVMs). */
  public static RaftClient create(ActorSystem<?> system, RaftClientSettings settings) {
    return new RaftClient(system, settings);
  }

  /** The node this client currently believes leads, if any. */
  public NodeId leaderGuess() {
    return leaderGuess;
  }

  /** Submits a write; completes with the encoded result once it is committed and applied. */
  public CompletionStage<byte[]> submit(byte[] command) {
    long deadline = System.nanoTime() + settings.deadline().toNanos();
    if (!settings.sessions()) {
      return request(deadline, r -> new NodeProtocol.ClientRequest(0, 0, 0, command, r)).thenApply(this::result);
    }
    return session(deadline).thenCompose(clientId -> sequence.reserve().thenCompose(seq ->
        request(deadline, r -> new NodeProtocol.ClientRequest(clientId, seq, sequence.firstUnacknowledged(),
            command, r))
            .whenComplete((response, error) -> sequence.acknowledged(seq))
            .thenApply(this::result)));
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
    String endpoint = endpoints.get(node);
    if (endpoint != null) {
      Adapter.toClassic(system).actorSelection(path(endpoint)).tell(new Identify(node.value()), identifySink);
    }
  }

  /** Every node this client knows of, in a stable order. */
  public List<NodeId> nodes() {
    List<NodeId> ids = new ArrayList<>(endpoints.keySet());
    ids.sort(null);
    return ids;
  }

  public String endpoint(NodeId node) {
    return endpoints.get(node);
  }

  /**
   * Membership changes and transfers are not idempotent and may take seconds (a learner catching up), so each node
   * gets the whole deadline to answer: the request is re-sent only when a node redirects to the leader.
   */
  private CompletionStage<String> admin(Function<ActorRef<ClientResponse>, NodeProtocol.Command> message) {
    long deadline = System.nanoTime() + settings.deadline().toNanos();
    CompletableFuture<ClientResponse> answer = new CompletableFuture<>();
    attempt(target(), deadline, settings.deadline(), message, answer, new ArrayList<>());
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

  /** Sends until an answer other than NotLeader arrives or the deadline passes. */
  private CompletionStage<ClientResponse> request(long deadline,
      Function<ActorRef<ClientResponse>, NodeProtocol.Command> message) {
    CompletableFuture<ClientResponse> result = new CompletableFuture<>();
    attempt(target(), deadline, settings.attemptTimeout(), message, result, new ArrayList<>());
    return result;
  }

  private void attempt(NodeId target, long deadline, Duration attemptTimeout,
      Function<ActorRef<ClientResponse>, NodeProtocol.Command> message, CompletableFuture<ClientResponse> result,
      List<String> tried) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      result.completeExceptionally(new RaftClientException(RaftClientException.Kind.NO_LEADER,
          "no leader answered within " + settings.deadline().toMillis() + " ms (tried " + summary(tried) + ")"));
      return;
    }
    Duration timeout = Duration.ofNanos(Math.min(left, attemptTimeout.toNanos()));
    CompletionStage<ClientResponse> answer = AskPattern.ask(ref(target), message::apply, timeout, system.scheduler());
    // An explicit executor: the stage ask returns runs even whenComplete asynchronously, on the common pool, which
    // with fewer than 3 cores starts a new thread for every task (about one per request).
    answer.whenCompleteAsync((response, error) -> {
      if (error != null) {
        tried.add(target + " (no answer)");
        leaderGuess = null;
        suspectUntil.put(target, System.nanoTime() + 2 * attemptTimeout.toNanos());
        reconnect(target);
        NodeId next = next(target);
        system.scheduler().scheduleOnce(RETRY_BACKOFF,
            () -> attempt(next, deadline, attemptTimeout, message, result, tried), system.executionContext());
      } else if (response instanceof ClientResponse.NotLeader notLeader) {
        tried.add(target + " (not leader)");
        NodeId hint = notLeader.leaderId();
        // Followers name their old leader until their own election timeout: not one that just failed us.
        if (hint != null && !hint.equals(target) && !suspect(hint)) {
          if (notLeader.leaderAddress() != null && !"?".equals(notLeader.leaderAddress())) {
            endpoints.putIfAbsent(hint, notLeader.leaderAddress());
          }
          leaderGuess = hint;
          attempt(hint, deadline, attemptTimeout, message, result, tried);
        } else {
          leaderGuess = null;
          NodeId next = next(target);
          system.scheduler().scheduleOnce(RETRY_BACKOFF,
              () -> attempt(next, deadline, attemptTimeout, message, result, tried), system.executionContext());
        }
      } else if (response instanceof ClientResponse.Busy) {
        tried.add(target + " (busy)");
        system.scheduler().scheduleOnce(RETRY_BACKOFF,
            () -> attempt(target, deadline, attemptTimeout, message, result, tried), system.executionContext());
      } else {
        suspectUntil.remove(target);
        leaderGuess = target;
        result.complete(response);
      }
    }, system.executionContext());
  }

  private NodeId target() {
    NodeId guess = leaderGuess;
    return guess != null && endpoints.containsKey(guess) && !suspect(guess) ? guess : next(null);
  }

  /** The next node in rotation after {@code after}, preferring nodes that have not just failed to answer. */
  private NodeId next(NodeId after) {
    List<NodeId> ids = nodes();
    int start = rotation.incrementAndGet();
    NodeId fallback = null;
    for (int k = 0; k < ids.size(); k++) {
      NodeId pick = ids.get(Math.floorMod(start + k, ids.size()));
      if (pick.equals(after) && ids.size() > 1) {
        continue;
      }
      if (!suspect(pick)) {
        return pick;
      }
      if (fallback == null) {
        fallback = pick;
      }
    }
    return fallback != null ? fallback : ids.get(Math.floorMod(start, ids.size()));
  }

  private boolean suspect(NodeId node) {
    Long until = suspectUntil.get(node);
    return until != null && until > System.nanoTime();
  }

  private ActorRef<NodeProtocol.Command> ref(NodeId node) {
    String endpoint = endpoints.get(node);
    if (endpoint == null) {
      throw new IllegalArgumentException("unknown node " + node + "; known: " + endpoints.keySet());
    }
    return refs.computeIfAbsent(endpoint, e -> resolver.resolveActorRef(path(e)));
  }

  private String path(String endpoint) {
    return "pekko://" + settings.systemName() + "@" + endpoint + "/user/" + settings.actorName();
  }

  private static String summary(List<String> tried) {
    if (tried.size() <= 6) {
      return String.join(", ", tried);
    }
    return String.join(", ", tried.subList(tried.size() - 6, tried.size())) + " and " + (tried.size() - 6)
        + " earlier attempts";
  }
}
