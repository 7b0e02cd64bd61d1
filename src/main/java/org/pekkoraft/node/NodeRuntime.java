package org.pekkoraft.node;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Outcome;
import org.pekkoraft.core.PersistQueue;
import org.pekkoraft.core.Raft;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.Role;
import org.pekkoraft.core.Snapshot;
import org.pekkoraft.core.SnapshotMeta;
import org.pekkoraft.journal.RaftJournal;
import org.pekkoraft.statemachine.ApplyResult;
import org.pekkoraft.statemachine.ReplicatedState;

/**
 * Carries out the core's outcomes for one node, in the order the core's contract demands: events go to the journal
 * (one write at a time, everything produced meanwhile gathered into the next), messages that wait for durability
 * leave when their write completes, committed entries are applied in index order, and clients get their answers
 * after that. Holds no Raft rule: every decision is the core's.
 */
final class NodeRuntime {

  /** A proposed entry awaiting its answer; retries of the same session command add more {@code replyTo}s. */
  private record PendingWrite(long term, ActorRef<ClientResponse> replyTo, List<ActorRef<ClientResponse>> more) {

    PendingWrite(long term, ActorRef<ClientResponse> replyTo) {
      this(term, replyTo, new java.util.ArrayList<>(0));
    }

    void tell(ClientResponse response) {
      replyTo.tell(response);
      more.forEach(r -> r.tell(response));
    }
  }

  private record SessionCommand(long clientId, long sequence) {}

  private record ReadyRead(long readIndex, byte[] query, ActorRef<ClientResponse> replyTo) {}

  private record PendingRead(byte[] query, ActorRef<ClientResponse> replyTo) {}

  private final ActorContext<RaftNode.Command> ctx;
  private final RaftSettings settings;
  private final Raft raft;
  private final ReplicatedState<?, ?> state;
  private final Peers peers;
  private final ActorRef<RaftJournal.Command> journal;
  private final ActorRef<RaftJournal.Reply> journalReplies;
  private final PersistQueue queue = new PersistQueue();
  private final Map<Long, PendingWrite> pendingWrites = new HashMap<>();
  /** Session commands appended in this node's current leadership and not yet applied, to their index. */
  private final Map<SessionCommand, Long> inFlight = new HashMap<>();
  private final Map<Long, PendingRead> pendingReads = new HashMap<>();
  private final PriorityQueue<ReadyRead> readyReads =
      new PriorityQueue<>((a, b) -> Long.compare(a.readIndex(), b.readIndex()));
  private final Set<NodeId> loggedUnknown = new HashSet<>();
  private final AdminRequests admin;
  private final ClusterFormation clusterFormation;
  private long lastApplied;
  private long nextReadId;
  private boolean flushScheduled;

  NodeRuntime(ActorContext<RaftNode.Command> ctx, RaftSettings settings, Raft raft, ReplicatedState<?, ?> state,
      ActorRef<RaftJournal.Command> journal, ActorRef<RaftJournal.Reply> journalReplies) {
    this.ctx = ctx;
    this.settings = settings;
    this.raft = raft;
    this.state = state;
    this.journal = journal;
    this.journalReplies = journalReplies;
    this.peers = new Peers(ctx.getSystem(), settings);
    this.admin = new AdminRequests(raft, this);
    this.clusterFormation = new ClusterFormation(ctx.getSystem(), ctx.getLog(), this::knownEndpoints);
    Snapshot snapshot = raft.snapshot();
    if (snapshot.lastIncludedIndex() > 0) {
      state.restore(snapshot.data());
    }
    this.lastApplied = snapshot.lastIncludedIndex();
  }

  Raft raft() {
    return raft;
  }

  ActorContext<RaftNode.Command> context() {
    return ctx;
  }

  RaftSettings settings() {
    return settings;
  }

  long lastApplied() {
    return lastApplied;
  }

  // ---------------------------------------------------------------- inputs

  void onPeerMessage(RaftNode.PeerMessage envelope) {
    RaftMessage message = envelope.message();
    NodeId from = message.from();
    if (!peers.accepts(from)) {
      return;
    }
    if (!peers.known(from, raft.configuration())) {
      if (!raft.configuration().isEmpty()) {
        if (loggedUnknown.add(from)) {
          ctx.getLog().warn("Ignoring messages from {}: it is not in the configuration ({})", from,
              raft.configuration());
        }
        return;
      }
      // A node that joins with an empty configuration answers whoever leads: it learns where from here.
      peers.learn(from, envelope.senderEndpoint(), raft.configuration());
    }
    raft.receive(message);
    afterStep();
  }

  void onTick() {
    raft.tick();
    afterStep();
    clusterFormation.check(raft.role() == Role.LEADER, System.nanoTime());
  }

  void onFlush() {
    flushScheduled = false;
    raft.flush();
    afterStep();
  }

  void onPersisted(long batchId) {
    PersistQueue.Completed done = queue.complete(batchId);
    send(done.released());
    raft.persisted(done);
    afterStep();
  }

  void propose(RaftNode.ClientRequest request) {
    if (request.command().length > settings.maxCommandBytes()) {
      request.replyTo().tell(new ClientResponse.Rejected("command of " + request.command().length
          + " bytes exceeds pekko-raft.max-command-bytes (" + settings.maxCommandBytes() + ")"));
      return;
    }
    try {
      state.validate(request.command());
    } catch (RuntimeException e) {
      request.replyTo().tell(new ClientResponse.Rejected("malformed command: " + e.getMessage()));
      return;
    }
    SessionCommand key = request.clientId() == 0 ? null : new SessionCommand(request.clientId(), request.sequence());
    Long appended = key == null ? null : inFlight.get(key);
    PendingWrite pending = appended == null ? null : pendingWrites.get(appended);
    if (pending != null && pending.term() == raft.currentTerm()) {
      // A retry of a command already in the log: appending it again would only make the log longer (the session
      // would answer the duplicate from its cache); answer both when the first is applied.
      pending.more().add(request.replyTo());
      return;
    }
    long index = raft.proposeCommand(request.clientId(), request.sequence(), request.firstUnacknowledged(),
        System.currentTimeMillis(), request.command());
    if (key != null && index > 0) {
      inFlight.put(key, index);
    }
    track(index, request.replyTo());
  }

  void registerClient(ActorRef<ClientResponse> replyTo) {
    track(raft.proposeRegisterClient(System.currentTimeMillis()), replyTo);
  }

  void read(RaftNode.ClientQuery query) {
    try {
      state.machine().commandCodec().decode(query.query());
    } catch (RuntimeException e) {
      query.replyTo().tell(new ClientResponse.Rejected("malformed query: " + e.getMessage()));
      return;
    }
    switch (settings.readMode()) {
      case LOG:
        track(raft.proposeCommand(0, 0, 0, System.currentTimeMillis(), query.query()), query.replyTo());
        return;
      case LEASE:
        long leaseTicks = settings.leaseDuration().toNanos() / settings.tickInterval().toNanos();
        long index = raft.leaseReadIndex((int) leaseTicks);
        if (index >= 0) {
          readyReads.add(new ReadyRead(index, query.query(), query.replyTo()));
          serveReads();
          return;
        }
        break;
      default:
        break;
    }
    long readId = ++nextReadId;
    if (raft.readIndex(readId)) {
      pendingReads.put(readId, new PendingRead(query.query(), query.replyTo()));
      afterStep();
    } else {
      notLeader(query.replyTo());
    }
  }

  AdminRequests admin() {
    return admin;
  }

  void setLinkFilter(RaftNode.SetLinkFilter filter) {
    if (!settings.allowLinkFilter()) {
      filter.replyTo().tell(new ClientResponse.Rejected("the link filter is disabled (pekko-raft.allow-link-filter)"));
      return;
    }
    peers.block(filter.blocked());
    ctx.getLog().info("Link filter now blocks {}", filter.blocked());
    filter.replyTo().tell(new ClientResponse.Done("blocking " + filter.blocked()));
  }

  NodeStatus status() {
    return new NodeStatus(raft.id(), endpointOf(raft.id()), raft.role(), raft.currentTerm(), raft.votedFor(),
        raft.leaderId(),
        raft.commitIndex(), lastApplied, raft.log().lastIndex(), raft.log().lastTerm(),
        raft.snapshot().lastIncludedIndex(),
        raft.configuration().voters(), raft.configuration().learners(), raft.configurationChangeInProgress());
  }

  void notLeader(ActorRef<ClientResponse> replyTo) {
    NodeId leader = raft.leaderId();
    replyTo.tell(new ClientResponse.NotLeader(leader, leader == null ? null : endpointOf(leader)));
  }

  /** Every node's endpoint this node knows: the static members and those added to the configuration since. */
  private java.util.Collection<String> knownEndpoints() {
    Set<String> endpoints = new java.util.LinkedHashSet<>(settings.members().values());
    endpoints.addAll(raft.configuration().endpoints().values());
    return endpoints;
  }

  String endpointOf(NodeId id) {
    String endpoint = peers.endpoint(id, raft.configuration());
    return endpoint == null ? "?" : endpoint;
  }

  // ---------------------------------------------------------------- carrying out outcomes

  private void track(long index, ActorRef<ClientResponse> replyTo) {
    if (index < 0) {
      if (raft.role() == Role.LEADER) {
        replyTo.tell(new ClientResponse.Rejected("leadership is being transferred to " + raft.transferTarget()
            + "; retry shortly"));
      } else {
        notLeader(replyTo);
      }
      return;
    }
    pendingWrites.put(index, new PendingWrite(raft.currentTerm(), replyTo));
    afterStep();
  }

  /** Carries out everything the core asked for since the last step, then schedules a flush if one is due. */
  void afterStep() {
    drainOutcome();
    applyCommitted();
    if (raft.flushPending() && !flushScheduled) {
      flushScheduled = true;
      ctx.getSelf().tell(NodeBehaviors.Flush.INSTANCE);
    }
    admin.checkProgress();
  }

  private void drainOutcome() {
    Outcome outcome = raft.takeOutcome();
    if (outcome.snapshotToRestore() != null) {
      installSnapshot(outcome.snapshotToRestore());
    }
    queue.add(outcome);
    send(queue.takeReady());
    PersistQueue.Batch batch = queue.nextBatch();
    if (batch != null) {
      journal.tell(new RaftJournal.Persist(batch.id(), batch.events(), journalReplies));
    }
    for (Outcome.ReadState ready : outcome.readsReady()) {
      PendingRead read = pendingReads.remove(ready.readId());
      if (read != null) {
        readyReads.add(new ReadyRead(ready.readIndex(), read.query(), read.replyTo()));
      }
    }
    for (long rejected : outcome.readsRejected()) {
      PendingRead read = pendingReads.remove(rejected);
      if (read != null) {
        notLeader(read.replyTo());
      }
    }
  }

  private void send(List<Outcome.Outbound> messages) {
    for (Outcome.Outbound out : messages) {
      peers.send(out.to(), out.message(), raft.configuration());
    }
  }

  private void applyCommitted() {
    while (lastApplied < raft.commitIndex()) {
      LogEntry entry = raft.log().entry(lastApplied + 1);
      ApplyResult result = state.apply(entry);
      lastApplied++;
      PendingWrite pending = pendingWrites.remove(entry.index());
      if (pending != null) {
        answer(pending, entry, result);
      }
      if (entry instanceof LogEntry.Command c && c.clientId() != 0) {
        inFlight.remove(new SessionCommand(c.clientId(), c.sequence()), entry.index());
      }
    }
    serveReads();
    maybeSnapshot();
  }

  private void answer(PendingWrite pending, LogEntry entry, ApplyResult result) {
    if (entry.term() != pending.term()) {
      // Another leader's entry took this index: ours was lost. Retrying with the same session is safe.
      inFlight.values().remove(entry.index());
      NodeId leader = raft.leaderId();
      pending.tell(new ClientResponse.NotLeader(leader, leader == null ? null : endpointOf(leader)));
      return;
    }
    ClientResponse response;
    if (result instanceof ApplyResult.Success s) {
      response = new ClientResponse.Ok(s.result());
    } else if (result instanceof ApplyResult.Registered r) {
      response = new ClientResponse.Registered(r.clientId());
    } else if (result instanceof ApplyResult.Failure f) {
      response = f.reason() == ApplyResult.Reason.SESSION_EXPIRED
          ? new ClientResponse.SessionExpired(f.message()) : new ClientResponse.Rejected(f.message());
    } else {
      response = new ClientResponse.Ok(new byte[0]);
    }
    pending.tell(response);
  }

  private void serveReads() {
    while (!readyReads.isEmpty() && readyReads.peek().readIndex() <= lastApplied) {
      ReadyRead read = readyReads.poll();
      read.replyTo().tell(new ClientResponse.Ok(state.query(read.query())));
    }
  }

  private void maybeSnapshot() {
    long every = settings.snapshotEveryEntries();
    if (every <= 0 || lastApplied - raft.snapshot().lastIncludedIndex() < every) {
      return;
    }
    SnapshotMeta meta = new SnapshotMeta(lastApplied, raft.log().termAt(lastApplied),
        raft.configurationAt(lastApplied));
    raft.snapshotTaken(new Snapshot(meta, state.snapshot()));
    ctx.getLog().debug("Snapshot taken at index {}", lastApplied);
    drainOutcome();
  }

  /** A snapshot from the leader replaces the state; answers for writes it swallowed are unknown here. */
  private void installSnapshot(Snapshot snapshot) {
    state.restore(snapshot.data());
    lastApplied = snapshot.lastIncludedIndex();
    pendingWrites.entrySet().removeIf(e -> {
      if (e.getKey() <= lastApplied) {
        e.getValue().tell(new ClientResponse.NotLeader(raft.leaderId(), null));
        return true;
      }
      return false;
    });
    inFlight.values().removeIf(index -> index <= lastApplied);
    ctx.getLog().info("Installed snapshot at index {} from the leader", lastApplied);
  }
}
