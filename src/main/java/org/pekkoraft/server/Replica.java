package org.pekkoraft.server;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.PersistentState;
import org.pekkoraft.core.Raft;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.Ready;
import org.pekkoraft.core.Role;
import org.pekkoraft.core.Snapshot;
import org.pekkoraft.core.SnapshotMeta;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.protocol.BatchedWrite;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.statemachine.ApplyResult;
import org.pekkoraft.statemachine.ReplicatedState;
import org.pekkoraft.statemachine.StateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Raft server's driver: it feeds inputs to the core and carries out each {@link Ready} in the order the core's
 * contract demands (write through the host, send, restore a received snapshot, apply committed entries in index
 * order, answer clients), and it holds everything around Raft that is neither a Raft rule nor I/O: client writes
 * waiting for their entries, the read modes, the snapshot policy, operator requests and their progress, status.
 * Every decision about Raft's state is the core's.
 *
 * <p>The actor hosts it in production and the simulator in tests, each with its own {@link Io}. Not thread-safe.
 */
public final class Replica {

  private static final Logger log = LoggerFactory.getLogger(Replica.class);

  private final ReplicaOptions options;
  private final Raft raft;
  private final ReplicatedState<?, ?> state;
  private final Io io;
  private final ReplicaStats stats = new ReplicaStats();
  private final ClientWrites writes = new ClientWrites(stats);
  private final Reads reads = new Reads();
  private final AdminRequests admin;
  private long lastApplied;
  private boolean flushScheduled;
  /** The snapshot the host is writing (see Io#writeSnapshot), or null. */
  private SnapshotMeta snapshotWriting;

  private Replica(ReplicaOptions options, Raft raft, ReplicatedState<?, ?> state, Io io) {
    this.options = options;
    this.raft = raft;
    this.state = state;
    this.io = io;
    this.admin = new AdminRequests(raft);
    Snapshot snapshot = raft.snapshot();
    if (snapshot.lastIncludedIndex() > 0) {
      state.restore(snapshot.data());
    }
    this.lastApplied = snapshot.lastIncludedIndex();
  }

  /**
   * A replica restarted from its recovered persistent state: a follower (section 5.2) whose state machine is
   * restored from the latest snapshot; the entries after it are applied again as they are committed.
   */
  public static <C, R> Replica recover(ReplicaOptions options, PersistentState recovered, StateMachine<C, R> machine,
      RandomGenerator random, Io io) {
    Raft raft = new Raft(options.nodeId(), options.raft(), random, recovered, options.bootstrap());
    ReplicatedState<C, R> state = new ReplicatedState<>(machine, options.maxSessions(),
        options.sessionExpireAfterMillis(), options.maxResultsPerSession());
    return new Replica(options, raft, state, io);
  }

  // ---------------------------------------------------------------- Raft inputs

  /** A message from a peer that the transport has accepted. */
  public void receive(RaftMessage message) {
    raft.receive(message);
    afterInput();
  }

  /**
   * The host's failure detector finds {@code peer} reachable ({@code true}) or unreachable, or it left the cluster
   * ({@code false}); see {@link Raft#peerReachable} and {@link Raft#peerUnreachable}.
   */
  public void reachability(NodeId peer, boolean reachable) {
    if (reachable) {
      raft.peerReachable(peer);
    } else {
      raft.peerUnreachable(peer);
    }
    afterInput();
  }

  /** True while the core is quiescent ({@link Raft#quiescent()}): the host need not tick it until an input wakes it. */
  public boolean quiescent() {
    return raft.quiescent();
  }

  /** One tick of logical time (the tick interval of the settings). */
  public void tick() {
    raft.tick();
    admin.tick();
    afterInput();
  }

  /** Sends what proposals and reads since the last flush left to send; the host calls it after {@link Io#scheduleFlush}. */
  public void flush() {
    flushScheduled = false;
    raft.flush();
    afterInput();
  }

  /**
   * The host's report that the snapshot asked for by {@link Io#writeSnapshot} at {@code index} is written: the
   * core compacts its log up to it and records it durably. A snapshot overtaken meanwhile is dropped: one from the
   * leader can only have been installed beyond the commit index, so beyond {@code index}.
   */
  public void snapshotWritten(long index, byte[] data) {
    SnapshotMeta meta = snapshotWriting;
    if (meta == null || meta.lastIncludedIndex() != index) {
      throw new IllegalStateException(raft.id() + ": snapshot at " + index + " written, but none was asked for");
    }
    snapshotWriting = null;
    if (index > raft.snapshot().lastIncludedIndex()) {
      raft.snapshotTaken(new Snapshot(meta, data));
      stats.snapshotsTaken++;
      log.debug("{}: snapshot taken at index {}", raft.id(), index);
    }
    afterInput();
  }

  /** The host could not write the snapshot at {@code index}; the next applied entry asks for one again. */
  public void snapshotFailed(long index, Throwable error) {
    log.error("{}: writing the snapshot at index {} failed; the log is not compacted", raft.id(), index, error);
    if (snapshotWriting != null && snapshotWriting.lastIncludedIndex() == index) {
      snapshotWriting = null;
    }
    afterInput();
  }

  /** The host's report that the write {@code writeId} is durable. */
  public void persisted(long writeId) {
    raft.persisted(writeId);
    afterInput();
  }

  /** Records, durably, that this server's state belongs to cluster {@code clusterId} (once; see Raft#identify). */
  public void identify(String clusterId) {
    raft.identify(clusterId);
    afterInput();
  }

  // ---------------------------------------------------------------- client and operator inputs

  /**
   * A state machine command, answered once applied. With a session ({@code clientId} from a registration) a retry
   * of the same {@code sequence} returns the first result instead of applying again.
   */
  public void write(long clientId, long sequence, long firstUnacknowledged, byte[] command, ReplyTo replyTo) {
    if (propose(clientId, sequence, firstUnacknowledged, command, replyTo)) {
      afterInput();
    }
  }

  /**
   * Writes of one session proposed in one step and answered with one {@link ClientResponse.Batch} (each write as
   * {@link #write} would answer it), or refused whole: "not leader" by a follower, "busy" by a leader with too much
   * pending.
   */
  public void writeBatch(long clientId, long firstUnacknowledged, List<BatchedWrite> batch,
      ReplyTo replyTo) {
    if (raft.role() != Role.LEADER) {
      notLeader(replyTo);
      return;
    }
    if (refusedAsBusy(replyTo)) {
      return;
    }
    BatchReply answers = new BatchReply(batch.size(), replyTo);
    boolean proposed = false;
    for (int i = 0; i < batch.size(); i++) {
      BatchedWrite w = batch.get(i);
      proposed |= propose(clientId, w.sequence(), firstUnacknowledged, w.command(), answers.slot(i));
    }
    if (proposed) {
      afterInput();
    }
  }

  /** Proposes one command, or answers why not; true when an entry was appended and is tracked. */
  private boolean propose(long clientId, long sequence, long firstUnacknowledged, byte[] command, ReplyTo replyTo) {
    if (command.length > options.maxCommandBytes()) {
      replyTo.tell(new ClientResponse.Rejected("command of " + command.length
          + " bytes exceeds pekko-raft.max-command-bytes (" + options.maxCommandBytes() + ")"));
      return false;
    }
    try {
      state.validate(command);
    } catch (RuntimeException e) {
      replyTo.tell(new ClientResponse.Rejected("malformed command: " + e.getMessage()));
      return false;
    }
    if (raft.role() == Role.LEADER && writes.joinRetry(clientId, sequence, raft.currentTerm(), replyTo)) {
      stats.retriesJoined++;
      return false;
    }
    if (refusedAsBusy(replyTo)) {
      return false;
    }
    long index = raft.proposeCommand(clientId, sequence, firstUnacknowledged, io.currentTimeMillis(), command);
    return tracked(index, clientId, sequence, replyTo);
  }

  /** Opens a client session; answered with its id once the registration is applied. */
  public void registerClient(ReplyTo replyTo) {
    if (refusedAsBusy(replyTo)) {
      return;
    }
    track(raft.proposeRegisterClient(io.currentTimeMillis()), 0, 0, replyTo);
  }

  /** A linearizable read-only query, served as {@link ReplicaOptions#readMode()} says. */
  public void read(byte[] query, ReplyTo replyTo) {
    read(query, options.readMode(), replyTo);
  }

  /** A linearizable read-only query, served as {@code mode} says (a lease read falls back to ReadIndex). */
  public void read(byte[] query, ReplicaOptions.ReadMode mode, ReplyTo replyTo) {
    try {
      state.machine().commandCodec().decode(query);
    } catch (RuntimeException e) {
      replyTo.tell(new ClientResponse.Rejected("malformed query: " + e.getMessage()));
      return;
    }
    switch (mode) {
      case LOG -> {
        if (refusedAsBusy(replyTo)) {
          return;
        }
        long index = raft.proposeCommand(0, 0, 0, io.currentTimeMillis(), query);
        if (index > 0) {
          stats.logReads++;
        }
        track(index, 0, 0, replyTo);
        return;
      }
      case LEASE -> {
        if (reads.leaseHolds(raft.leaseRound(), io.nanoTime(), options.leaseNanos())) {
          stats.leaseReads++;
          reads.confirmed(raft.commitIndex(), query, replyTo);
          reads.serve(lastApplied, state::query);
          return;
        }
      }
      default -> {
      }
    }
    long readId = reads.nextId();
    if (raft.readIndex(readId)) {
      stats.readIndexReads++;
      reads.awaitConfirmation(readId, query, replyTo);
      afterInput();
    } else {
      notLeader(replyTo);
    }
  }

  public void addMember(NodeId id, String address, boolean voter, ReplyTo replyTo) {
    admin.addMember(id, address, voter, replyTo);
    afterInput();
  }

  public void removeMember(NodeId id, ReplyTo replyTo) {
    admin.removeMember(id, replyTo);
    afterInput();
  }

  public void changeVoters(Set<NodeId> voters, ReplyTo replyTo) {
    admin.changeVoters(voters, replyTo);
    afterInput();
  }

  public void transferLeadership(NodeId target, ReplyTo replyTo) {
    admin.transferLeadership(target, replyTo);
    afterInput();
  }

  /** Answers a request this server cannot serve because it does not lead, pointing at the leader it knows of. */
  public void notLeader(ReplyTo replyTo) {
    replyTo.tell(notLeaderResponse());
  }

  // ---------------------------------------------------------------- queries

  /** The core, for the host's read-only questions (role, term, configuration); never to feed it inputs. */
  public Raft raft() {
    return raft;
  }

  public Role role() {
    return raft.role();
  }

  /** The state machine and sessions, for read-only inspection by tests. */
  public ReplicatedState<?, ?> state() {
    return state;
  }

  public long lastApplied() {
    return lastApplied;
  }

  public ReplicaStats stats() {
    return stats;
  }

  public NodeStatus status() {
    return new NodeStatus(raft.id(), endpointOf(raft.id()), raft.role(), raft.currentTerm(), raft.votedFor(),
        raft.leaderId(), raft.commitIndex(), lastApplied, raft.log().lastIndex(), raft.log().lastTerm(),
        raft.snapshot().lastIncludedIndex(), raft.configuration().voters(), raft.configuration().learners(),
        raft.configurationChangeInProgress(), raft.clusterId(), memberEndpoints(), raft.quiescent());
  }

  private Map<NodeId, String> memberEndpoints() {
    Map<NodeId, String> endpoints = new TreeMap<>();
    for (NodeId member : raft.configuration().members()) {
      endpoints.put(member, endpointOf(member));
    }
    return endpoints;
  }

  // ---------------------------------------------------------------- carrying out Ready

  /**
   * Backpressure: a leader refuses a new entry for now while {@link ReplicaOptions#maxPendingWrites()} writes wait
   * for their answers, or as many entries wait for its own disk. Nothing is appended; the client retries shortly.
   */
  private boolean refusedAsBusy(ReplyTo replyTo) {
    if (raft.role() != Role.LEADER) {
      return false;
    }
    int max = options.maxPendingWrites();
    long notDurable = raft.log().lastIndex() - raft.durableIndex();
    if (writes.size() < max && notDurable < max) {
      return false;
    }
    stats.busy++;
    replyTo.tell(new ClientResponse.Busy(writes.size() + " writes are waiting for their answer and " + notDurable
        + " entries for the leader's disk (pekko-raft.max-pending-writes = " + max + "); retry shortly"));
    return true;
  }

  private void track(long index, long clientId, long sequence, ReplyTo replyTo) {
    if (tracked(index, clientId, sequence, replyTo)) {
      afterInput();
    }
  }

  /** Tracks a proposed entry until it applies; a refused proposal ({@code index < 0}) is answered instead. */
  private boolean tracked(long index, long clientId, long sequence, ReplyTo replyTo) {
    if (index < 0) {
      if (raft.role() == Role.LEADER) {
        stats.busy++;
        replyTo.tell(new ClientResponse.Busy("leadership is being transferred to " + raft.transferTarget()
            + "; retry shortly"));
      } else {
        notLeader(replyTo);
      }
      return false;
    }
    writes.track(index, raft.currentTerm(), clientId, sequence, replyTo, this::notLeaderResponse);
    return true;
  }

  /** Carries out everything the core asked for since the last input, then what the snapshot policy adds. */
  private void afterInput() {
    carryOut(raft.ready());
    maybeSnapshot();
    admin.checkProgress();
  }

  private void carryOut(Ready ready) {
    reads.noteRound(raft.currentTerm(), raft.broadcastRound(), io.nanoTime());
    if (ready.write() != null) {
      io.write(ready.write());
    }
    for (Ready.Outbound out : ready.messages()) {
      io.send(out.to(), out.message());
    }
    if (ready.snapshotToRestore() != null) {
      installSnapshot(ready.snapshotToRestore());
    }
    for (LogEntry entry : ready.committedEntries()) {
      apply(entry);
    }
    reads.onReady(ready.readsReady(), ready.readsRejected(), notLeaderResponse());
    reads.serve(lastApplied, state::query);
    if (ready.flushNeeded() && !flushScheduled) {
      flushScheduled = true;
      io.scheduleFlush();
    }
  }

  private void apply(LogEntry entry) {
    if (entry.index() != lastApplied + 1) {
      throw new IllegalStateException(raft.id() + ": applying entry " + entry.index() + " after " + lastApplied);
    }
    ApplyResult result = state.apply(entry);
    lastApplied = entry.index();
    io.applied(entry, result);
    writes.applied(entry, result, this::notLeaderResponse);
  }

  /**
   * Asks the host to write a snapshot once enough entries were applied since the last one. Only the copy of the
   * state happens here, on the replica's thread; the host writes it (the sorting and encoding) elsewhere.
   */
  private void maybeSnapshot() {
    long every = options.snapshotEveryEntries();
    if (every <= 0 || snapshotWriting != null || lastApplied - raft.snapshot().lastIncludedIndex() < every) {
      return;
    }
    snapshotWriting = new SnapshotMeta(lastApplied, raft.log().termAt(lastApplied),
        raft.configurationAt(lastApplied));
    io.writeSnapshot(lastApplied, state.snapshotView());
  }

  /** A snapshot from the leader replaces the state; answers for writes it swallowed are unknown here. */
  private void installSnapshot(Snapshot snapshot) {
    state.restore(snapshot.data());
    lastApplied = snapshot.lastIncludedIndex();
    writes.swallowedBySnapshot(lastApplied, new ClientResponse.NotLeader(raft.leaderId(), null));
    stats.snapshotsInstalled++;
    io.snapshotRestored(lastApplied);
    log.info("Installed snapshot at index {} from the leader ({})", lastApplied, raft.id());
  }

  private ClientResponse notLeaderResponse() {
    NodeId leader = raft.leaderId();
    return new ClientResponse.NotLeader(leader, leader == null ? null : endpointOf(leader));
  }

  private String endpointOf(NodeId id) {
    String endpoint = io.endpoint(id);
    return endpoint == null ? "?" : endpoint;
  }
}
