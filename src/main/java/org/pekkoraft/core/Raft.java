package org.pekkoraft.core;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One server's Raft state machine, without I/O: it takes inputs (peer messages, ticks, proposals, flushes,
 * durability reports) and says what its host must do in a {@link Ready}, fetched with {@link #ready()}.
 *
 * <p>This class holds the state of Figure 2 and the rules every role shares: the term rule (rule 2), the role
 * transitions and the log mutations that always go with an event. The role-specific rules live in
 * {@link Follower}, {@link Voting}, {@link Candidacy} and {@link Leader}.
 *
 * <p>Contract with the host: after any input, take {@link #ready()} and carry it out in the order it documents
 * (write, send, restore, apply, answer reads, flush); report each completed write with {@link #persisted(long)}. Not
 * thread-safe: one caller at a time, as in an actor.
 */
public final class Raft {

  private final NodeId id;
  private final RaftOptions options;
  private final RandomGenerator random;
  private final Configuration bootstrap;

  private long currentTerm;
  private NodeId votedFor;
  private String clusterId;
  private final RaftLog log;
  private Snapshot snapshot;

  private long commitIndex;
  private long durableIndex;
  /** The highest term known to be on disk: a leader sends at once only in a durable term. */
  private long durableTerm;
  private Role role = Role.FOLLOWER;
  private NodeId leaderId;
  private Configuration configuration;
  private long configurationIndex;

  private int electionElapsed;
  /** Restarted with a term: honour a leader's lease until the minimum election timeout has passed. */
  private boolean leaseAfterRestart;
  private int randomizedElectionTimeout;
  private int heartbeatElapsed;
  private final Quiescence quiescence = new Quiescence(this);

  private final Follower follower = new Follower(this);
  private final Voting voting = new Voting(this);
  private Candidacy candidacy;
  private Leader leader;

  private Outcome outcome = new Outcome();
  private final PersistQueue queue = new PersistQueue();
  private boolean flushPending;
  /** The last committed index handed to the host in a {@link Ready}: the host has applied or will apply up to it. */
  private long committedHandedOut;

  /**
   * Restores a server from its recovered persistent state. It always starts as a follower (section 5.2), with
   * commitIndex at the snapshot (everything in it is committed) and everything recovered counted as durable.
   *
   * @param bootstrap the configuration to use while neither the log nor the snapshot holds one
   */
  public Raft(NodeId id, RaftOptions options, RandomGenerator random, PersistentState state,
      Configuration bootstrap) {
    this.id = Objects.requireNonNull(id, "id");
    this.options = Objects.requireNonNull(options, "options");
    this.random = Objects.requireNonNull(random, "random");
    this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    this.currentTerm = state.currentTerm();
    this.votedFor = state.votedFor();
    this.clusterId = state.clusterId();
    this.log = state.log();
    this.snapshot = state.snapshot();
    this.commitIndex = snapshot.lastIncludedIndex();
    this.committedHandedOut = commitIndex;
    this.durableIndex = log.lastIndex();
    this.durableTerm = currentTerm;
    this.leaseAfterRestart = options.checkQuorum() && currentTerm > 0;
    refreshConfiguration();
    resetElectionTimer();
  }

  // ---------------------------------------------------------------- inputs

  /** Advances logical time by one tick: election timeouts, heartbeats and check-quorum are counted in ticks. */
  public void tick() {
    if (quiescence.quiescent()) {
      return;
    }
    if (role == Role.LEADER) {
      leader.tick();
      return;
    }
    electionElapsed++;
    if (electionElapsed >= options.electionTimeoutMinTicks()) {
      leaseAfterRestart = false;
    }
    if (electionElapsed >= randomizedElectionTimeout) {
      resetElectionTimer();
      if (canCampaign()) {
        Candidacy.campaign(this, false);
      }
    }
  }

  /** Handles a message from a peer. */
  public void receive(RaftMessage message) {
    if (message.from().equals(id)) {
      return;
    }
    if (configuration.isMember(message.from())) {
      // A server outside the configuration (one removed while cut off, that campaigns without knowing) wakes
      // nobody: its messages are handled by the usual rules, and can only win it nothing. A role change they cause
      // (a higher term without check-quorum) ends quiescence anyway.
      quiescence.wakeOn(message);
    }
    if (message.term() > currentTerm && !adoptHigherTerm(message)) {
      return;
    }
    if (message.term() < currentTerm) {
      rejectStale(message);
      return;
    }
    if (message instanceof RaftMessage.RequestVote m) {
      voting.onRequestVote(m);
    } else if (message instanceof RaftMessage.RequestVoteResult m) {
      if (role == Role.CANDIDATE) {
        candidacy.onResult(m);
      }
    } else if (message instanceof RaftMessage.AppendEntries m) {
      followLeader(m.from());
      follower.onAppendEntries(m);
    } else if (message instanceof RaftMessage.InstallSnapshot m) {
      followLeader(m.from());
      follower.onInstallSnapshot(m);
    } else if (message instanceof RaftMessage.AppendEntriesResult m) {
      if (role == Role.LEADER) {
        leader.onAppendEntriesResult(m);
      }
    } else if (message instanceof RaftMessage.InstallSnapshotResult m) {
      if (role == Role.LEADER) {
        leader.onInstallSnapshotResult(m);
      }
    } else if (message instanceof RaftMessage.TimeoutNow) {
      if (role != Role.LEADER && canCampaign()) {
        Candidacy.campaign(this, true);
      }
    }
  }

  /**
   * Reports that the write {@code writeId} of an earlier {@link Ready} is durable, and with it every write before
   * it. The messages that waited for it are in the next {@link Ready}. A leader counts itself in a quorum only for
   * entries reported here (rule 1), and sends without waiting for the disk only once its term is durable.
   */
  public void persisted(long writeId) {
    queue.add(takeOutcome());
    durable(queue.complete(writeId));
  }

  /** What a completed write made durable; {@link #persisted(long)} and tests with an instant disk report it. */
  void durable(PersistQueue.Completed done) {
    durableTerm = Math.max(durableTerm, done.termAdvanced());
    persisted(done.lastIndex(), done.lastTerm());
  }

  /**
   * Reports that every event up to and including a batch whose last appended entry was ({@code index},
   * {@code term}) is durable.
   */
  void persisted(long index, long term) {
    if (index > durableIndex && index <= log.lastIndex() && log.termAt(index) == term) {
      durableIndex = index;
      if (role == Role.LEADER) {
        leader.maybeCommit();
      }
    }
  }

  /**
   * Sends what earlier inputs left for the leader to send: entries proposed since the last flush, and a heartbeat
   * round for reads waiting on one. Callers batch proposals by calling this once after a burst of inputs.
   */
  public void flush() {
    flushPending = false;
    if (role == Role.LEADER) {
      leader.flush();
    }
  }

  /** True when {@link #flush()} has something to send. */
  public boolean flushPending() {
    return flushPending;
  }

  /**
   * Appends a client command if this server is the leader.
   *
   * @return the entry's index, or -1 when this server is not the leader (reply NotLeader with {@link #leaderId()})
   */
  public long proposeCommand(long clientId, long sequence, long firstUnacknowledged, long timestamp, byte[] data) {
    if (!acceptsProposals()) {
      return -1;
    }
    long index = log.lastIndex() + 1;
    appendEntry(new LogEntry.Command(index, currentTerm, clientId, sequence, firstUnacknowledged, timestamp, data));
    flushPending = true;
    return index;
  }

  /**
   * Appends a session registration if this server is the leader.
   *
   * @return the entry's index, which becomes the client id once applied, or -1 when not the leader
   */
  public long proposeRegisterClient(long timestamp) {
    if (!acceptsProposals()) {
      return -1;
    }
    long index = log.lastIndex() + 1;
    appendEntry(new LogEntry.RegisterClient(index, currentTerm, timestamp));
    flushPending = true;
    return index;
  }

  /**
   * Starts a ReadIndex read (section 6.4). When it is confirmed the outcome lists it in
   * {@link Outcome#readsReady()} with the index the state machine must have applied before answering.
   *
   * @return false when this server is not the leader
   */
  public boolean readIndex(long readId) {
    if (role != Role.LEADER) {
      return false;
    }
    wake();
    leader.readIndex(readId);
    return true;
  }

  /**
   * Adds a server, reachable at {@code endpoint}, as a learner; with {@code asVoter} the leader promotes it once it
   * has caught up. A learner already in the configuration can be promoted this way.
   *
   * @return null when the change was started, else why not (nothing changed)
   */
  public String addServer(NodeId server, String endpoint, boolean asVoter) {
    return role == Role.LEADER ? awake().membership().addServer(server, endpoint, asVoter) : notLeader();
  }

  /** The configuration in force at {@code index}: the last configuration entry at or before it. */
  public Configuration configurationAt(long index) {
    for (long i = Math.min(index, log.lastIndex()); i >= log.firstIndex(); i--) {
      if (log.entry(i) instanceof LogEntry.ConfigChange change) {
        return change.configuration();
      }
    }
    Configuration inSnapshot = snapshot.meta().configuration();
    return inSnapshot.isEmpty() ? bootstrap : inSnapshot;
  }

  /** Removes one server, voter or learner. @return null when the change was started, else why not */
  public String removeServer(NodeId server) {
    return role == Role.LEADER ? awake().membership().removeServer(server) : notLeader();
  }

  /**
   * Changes the voting set to {@code voters} through joint consensus. @return null when started, else why not
   */
  public String changeVoters(Set<NodeId> voters) {
    return role == Role.LEADER ? awake().membership().changeVoters(voters) : notLeader();
  }

  /** True while the latest configuration is not committed, or a joint change or a promotion is unfinished. */
  public boolean configurationChangeInProgress() {
    return configurationIndex > commitIndex || configuration.isJoint()
        || (role == Role.LEADER && leader.membership().changeInProgress());
  }

  /**
   * Hands leadership to {@code target} (section 3.10); proposals are refused until it succeeds or, after an
   * election timeout, is abandoned. @return null when started, else why not
   */
  public String transferLeadership(NodeId target) {
    return role == Role.LEADER ? awake().transferLeadership(target) : notLeader();
  }

  /** The target of the leadership transfer in progress, or null. */
  public NodeId transferTarget() {
    return role == Role.LEADER ? leader.transferTarget() : null;
  }

  /**
   * Records that the state machine was snapshotted at {@code taken}'s index (which it has applied, so it is
   * committed): the log before it is dropped and the snapshot is persisted.
   */
  public void snapshotTaken(Snapshot taken) {
    long index = taken.lastIncludedIndex();
    if (index <= snapshot.lastIncludedIndex()) {
      return;
    }
    if (index > commitIndex) {
      throw new IllegalArgumentException("snapshot at " + index + " is beyond commitIndex " + commitIndex);
    }
    log.compactTo(index, taken.meta().lastIncludedTerm());
    snapshot = taken;
    outcome.persist(new RaftEvent.SnapshotTaken(taken));
  }

  /**
   * The broadcast round this leader's AppendEntries carry now, or -1 when not leading. A host that serves lease
   * reads notes its clock whenever this changes, before it sends what the input produced: that is when the round
   * began.
   */
  public long broadcastRound() {
    return role == Role.LEADER ? leader.round() : -1;
  }

  /**
   * For lease reads (opt-in): the latest broadcast round a quorum has answered, or -1 when this server may not
   * answer from a lease now (not leading, check-quorum off, no entry of its term committed yet, or a leadership
   * transfer started in this term). A read may then be answered at {@link #commitIndex()} without a round trip
   * while less than the lease (the minimum election timeout less a margin for clock drift) has passed since that
   * round began, measured on a clock that runs on while the process is paused.
   */
  public long leaseRound() {
    return role == Role.LEADER ? leader.leaseRound() : -1;
  }

  /**
   * What the host must do now, after the inputs since the last call: see {@link Ready} for the order. Also runs the
   * persist queue: events become the next write once none is in flight, and a message that depends on durable
   * state is held until the write with that state is reported by {@link #persisted(long)}.
   */
  public Ready ready() {
    Outcome step = takeOutcome();
    queue.add(step);
    List<Ready.Outbound> messages = queue.takeReady();
    PersistQueue.Batch batch = queue.nextBatch();
    Ready.Write write = batch == null ? null : new Ready.Write(batch.id(), batch.events());
    List<LogEntry> committed = List.of();
    if (commitIndex > committedHandedOut) {
      committed = log.slice(committedHandedOut + 1, (int) (commitIndex - committedHandedOut), Long.MAX_VALUE);
      committedHandedOut = commitIndex;
    }
    return new Ready(write, messages, step.snapshotToRestore(), committed, step.readsReady(), step.readsRejected(),
        flushPending);
  }

  /** True while a write handed out in a {@link Ready} has not been reported durable, or events wait for one. */
  public boolean writesPending() {
    return !queue.idle();
  }

  /**
   * Hands over the raw effects of the inputs since the last call, unsorted by the persist queue. For tests of one
   * rule at a time; a host uses {@link #ready()}, and the two must not be mixed on one server.
   */
  Outcome takeOutcome() {
    Outcome taken = outcome;
    outcome = new Outcome();
    return taken;
  }

  /**
   * The host's failure detector (Pekko Cluster) watches {@code peer} and finds it reachable. Quiescence relies on it:
   * a leader quiesces only while every member is reported reachable, a follower only while its leader is, so that a
   * server without a failure detector watching its peers never stops its timers. A quiescent leader wakes, as it
   * may have to catch that peer up.
   */
  public void peerReachable(NodeId peer) {
    quiescence.peerReachable(peer);
  }

  /**
   * The host's failure detector finds {@code peer} unreachable, or it left the cluster. A quiescent follower of that
   * leader wakes and starts its election timer, randomized as always so that a flap does not make every follower
   * campaign at once; a quiescent leader wakes and heartbeats, and check-quorum then judges it as usual. This input
   * never changes a vote or commit rule: it only restarts the timers that quiescence stopped.
   */
  public void peerUnreachable(NodeId peer) {
    quiescence.peerUnreachable(peer);
  }

  // ---------------------------------------------------------------- queries

  /**
   * True while this server is quiescent: a leader that sent a final heartbeat marked quiesce once every follower was
   * in sync, or a follower that accepted such a mark with its log matching up to the leader's commit index. A
   * quiescent server ignores {@link #tick()} (the host need not tick it) and wakes on a proposal, a read, a
   * configuration change or transfer, any peer message, or a reachability change ({@link #peerUnreachable},
   * {@link #peerReachable}).
   */
  public boolean quiescent() {
    return quiescence.quiescent();
  }

  /** True when the host reported {@code peer} reachable and not unreachable since. */
  public boolean reachable(NodeId peer) {
    return quiescence.reachable(peer);
  }

  public NodeId id() {
    return id;
  }

  public RaftOptions options() {
    return options;
  }

  public Role role() {
    return role;
  }

  /** True while this server has received part of a snapshot from the leader and waits for the rest. */
  public boolean receivingSnapshot() {
    return follower.receivingSnapshot();
  }

  /** True during a pre-vote round: a candidate that has not raised its term yet. */
  public boolean isPreCandidate() {
    return role == Role.CANDIDATE && candidacy.isPreVote();
  }

  public long currentTerm() {
    return currentTerm;
  }

  public NodeId votedFor() {
    return votedFor;
  }

  /** The cluster this server's state belongs to, or null before it has bootstrapped or joined one. */
  public String clusterId() {
    return clusterId;
  }

  /**
   * Records, durably (in the next write), that this server's state belongs to {@code id}. The identity is written
   * once and never changes: a second, different one is refused.
   */
  public void identify(String id) {
    if (clusterId == null) {
      clusterId = id;
      outcome.persist(new RaftEvent.ClusterIdentified(id));
    } else if (!clusterId.equals(id)) {
      throw new IllegalStateException(this.id + " belongs to cluster " + clusterId + ", not " + id);
    }
  }

  /** The leader of the current term as far as this server knows, or null. */
  public NodeId leaderId() {
    return leaderId;
  }

  public long commitIndex() {
    return commitIndex;
  }

  /** The last log index this server has made durable. */
  public long durableIndex() {
    return durableIndex;
  }

  /** The log. Callers read it (to apply committed entries) and never change it. */
  public RaftLog log() {
    return log;
  }

  /** The latest configuration in the log, committed or not (it takes effect when appended, section 4.1). */
  public Configuration configuration() {
    return configuration;
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  // ---------------------------------------------------------------- shared rules (package-private)

  Outcome out() {
    return outcome;
  }

  RandomGenerator random() {
    return random;
  }

  Leader leader() {
    return leader;
  }

  long configurationIndex() {
    return configurationIndex;
  }

  int electionElapsed() {
    return electionElapsed;
  }

  void setElectionElapsed(int ticks) {
    electionElapsed = ticks;
  }

  int heartbeatElapsed() {
    return heartbeatElapsed;
  }

  void setHeartbeatElapsed(int ticks) {
    heartbeatElapsed = ticks;
  }

  /**
   * True when currentTerm (and with it this server's own vote in it) is on disk. A new leader elected by its own
   * vote alone (a single voter) can lead before that: what it sends must then wait for the write, or a crash could
   * let it lead the same term again with a different log.
   */
  boolean termDurable() {
    return durableTerm >= currentTerm;
  }

  void markFlushPending() {
    flushPending = true;
  }

  Quiescence quiescence() {
    return quiescence;
  }

  /** Ends quiescence (see {@link Quiescence#wake()}). */
  void wake() {
    quiescence.wake();
  }

  private Leader awake() {
    wake();
    return leader;
  }

  /**
   * A voter of the latest configuration may campaign. So may a voter of the previous one while the latest, which
   * leaves it out, is not committed (dissertation section 4.1): its log may be the only one holding that
   * configuration, and the remaining voters may need it to elect the leader that commits it. Once its removal is
   * committed, a server never campaigns again.
   */
  boolean canCampaign() {
    if (configuration.isVoter(id)) {
      return true;
    }
    return configurationIndex > commitIndex && configurationAt(configurationIndex - 1).isVoter(id);
  }

  /**
   * Leader stickiness (section 4.2.3): with check-quorum on, a server that heard from a leader within the minimum
   * election timeout neither adopts a higher term from a vote request nor grants a vote, so a server that merely
   * lost contact cannot depose a healthy leader. A leader is in lease until check-quorum finds it without quorum.
   * A server restarted with a term (it may have answered a leader just before it crashed, and that leader's lease
   * counts on it) keeps the lease for one minimum election timeout after it starts, as if it had just heard from
   * that leader.
   */
  boolean inLeaderLease() {
    if (!options.checkQuorum()) {
      return false;
    }
    if (role == Role.LEADER) {
      // Its own election timer restarts only every check-quorum period (the maximum timeout): a leader that has
      // not stepped down is in lease throughout it.
      return true;
    }
    return (leaderId != null || leaseAfterRestart) && electionElapsed < options.electionTimeoutMinTicks();
  }

  void resetElectionTimer() {
    electionElapsed = 0;
    randomizedElectionTimeout = options.electionTimeoutMinTicks()
        + random.nextInt(options.electionTimeoutMaxTicks() - options.electionTimeoutMinTicks());
  }

  /** Rule 2: a higher term makes this server a follower of that term; the new term is persisted first. */
  void becomeFollower(long term, NodeId leader) {
    quiescence.cleared();
    if (term > currentTerm) {
      currentTerm = term;
      votedFor = null;
      outcome.persist(new RaftEvent.TermAdvanced(term));
    }
    if (role == Role.LEADER) {
      this.leader.stepDown();
    }
    role = Role.FOLLOWER;
    leaderId = leader;
    candidacy = null;
    this.leader = null;
    resetElectionTimer();
  }

  void becomePreCandidate(Candidacy c) {
    quiescence.cleared();
    role = Role.CANDIDATE;
    leaderId = null;
    candidacy = c;
    resetElectionTimer();
  }

  /** Starts a real election: a new term and a vote for itself, both durable before any RequestVote leaves. */
  void becomeCandidate(Candidacy c) {
    quiescence.cleared();
    currentTerm++;
    votedFor = id;
    outcome.persist(new RaftEvent.TermAdvanced(currentTerm));
    outcome.persist(new RaftEvent.VoteCast(currentTerm, id));
    role = Role.CANDIDATE;
    leaderId = null;
    candidacy = c;
    resetElectionTimer();
  }

  void becomeLeader() {
    quiescence.cleared();
    role = Role.LEADER;
    leaderId = id;
    candidacy = null;
    electionElapsed = 0;
    heartbeatElapsed = 0;
    leader = new Leader(this);
    leader.start();
  }

  void recordVote(NodeId candidate) {
    votedFor = candidate;
    outcome.persist(new RaftEvent.VoteCast(currentTerm, candidate));
  }

  void appendEntry(LogEntry entry) {
    log.append(entry);
    outcome.persist(new RaftEvent.EntriesAppended(List.of(entry)));
    if (entry instanceof LogEntry.ConfigChange change) {
      configuration = change.configuration();
      configurationIndex = change.index();
    }
  }

  void appendEntries(List<LogEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    log.appendAll(entries);
    outcome.persist(new RaftEvent.EntriesAppended(entries));
    for (LogEntry entry : entries) {
      if (entry instanceof LogEntry.ConfigChange change) {
        configuration = change.configuration();
        configurationIndex = change.index();
      }
    }
  }

  /** Removes a conflicting suffix. A committed entry is never removed: that would be a safety violation. */
  void truncateLog(long fromIndex) {
    if (fromIndex <= commitIndex) {
      throw new IllegalStateException(id + ": refusing to truncate committed entry " + fromIndex
          + " (commitIndex " + commitIndex + ")");
    }
    log.truncateFrom(fromIndex);
    durableIndex = Math.min(durableIndex, fromIndex - 1);
    outcome.persist(new RaftEvent.LogTruncated(fromIndex));
    if (configurationIndex >= fromIndex) {
      refreshConfiguration();
    }
  }

  void advanceCommitIndex(long index) {
    if (index > commitIndex) {
      commitIndex = Math.min(index, log.lastIndex());
    }
  }

  /** Replaces the log and commit point with a snapshot received from the leader (section 7). */
  void installSnapshot(Snapshot received) {
    log.restoreSnapshot(received.lastIncludedIndex(), received.meta().lastIncludedTerm());
    snapshot = received;
    commitIndex = Math.max(commitIndex, received.lastIncludedIndex());
    committedHandedOut = Math.max(committedHandedOut, received.lastIncludedIndex());
    durableIndex = Math.min(durableIndex, log.lastIndex());
    outcome.persist(new RaftEvent.SnapshotInstalled(received));
    outcome.restoreSnapshot(received);
    refreshConfiguration();
  }

  private String notLeader() {
    return "not the leader" + (leaderId == null ? "" : "; the leader is " + leaderId);
  }

  private boolean acceptsProposals() {
    if (role == Role.LEADER) {
      wake();
    }
    return role == Role.LEADER && leader.acceptsProposals();
  }

  private void followLeader(NodeId from) {
    if (role == Role.LEADER) {
      throw new IllegalStateException(id + ": " + from + " leads term " + currentTerm + " which this server leads");
    }
    if (role != Role.FOLLOWER || !from.equals(leaderId)) {
      becomeFollower(currentTerm, from);
    }
    electionElapsed = 0;
  }

  /**
   * Rule 2 for a message with a higher term. Returns false when the message must be dropped instead: a vote
   * request inside a leader lease, or a granted pre-vote (which carries the asked-about term, not a real one).
   */
  private boolean adoptHigherTerm(RaftMessage message) {
    if (message instanceof RaftMessage.RequestVote m) {
      if (!m.leadershipTransfer() && inLeaderLease()) {
        outcome.send(m.from(), new RaftMessage.RequestVoteResult(currentTerm, id, m.preVote(), false));
        return false;
      }
      if (m.preVote()) {
        voting.onRequestVote(m);
        return false;
      }
      becomeFollower(m.term(), null);
    } else if (message instanceof RaftMessage.RequestVoteResult m && m.preVote() && m.voteGranted()) {
      if (role == Role.CANDIDATE) {
        candidacy.onResult(m);
      }
      return false;
    } else if (message instanceof RaftMessage.AppendEntries || message instanceof RaftMessage.InstallSnapshot
        || message instanceof RaftMessage.TimeoutNow) {
      becomeFollower(message.term(), message.from());
    } else {
      becomeFollower(message.term(), null);
    }
    return true;
  }

  /** Rule 2, the other half: tell a sender with a stale term about the current one so that it steps down. */
  private void rejectStale(RaftMessage message) {
    if (message instanceof RaftMessage.AppendEntries m) {
      // Round number 0, never the message's own: that belongs to the older term's rounds, and echoed under our term
      // it would pass, at a leader of our term (the same server, elected again), for an answer to one of its own
      // heartbeat rounds and confirm ReadIndex reads that no majority has confirmed.
      outcome.send(m.from(), RaftMessage.AppendEntriesResult.rejected(currentTerm, id, m.prevLogIndex(), 0, 0, 0));
    } else if (message instanceof RaftMessage.InstallSnapshot m) {
      outcome.send(m.from(), new RaftMessage.InstallSnapshotResult(currentTerm, id, m.lastIncludedIndex(), 0, false));
    } else if (message instanceof RaftMessage.RequestVote m) {
      outcome.send(m.from(), new RaftMessage.RequestVoteResult(currentTerm, id, m.preVote(), false));
    }
    // Results of an older term answer questions nobody is asking any more: dropped.
  }

  private void refreshConfiguration() {
    for (long i = log.lastIndex(); i >= log.firstIndex(); i--) {
      if (log.entry(i) instanceof LogEntry.ConfigChange change) {
        configuration = change.configuration();
        configurationIndex = i;
        return;
      }
    }
    Configuration inSnapshot = snapshot.meta().configuration();
    configuration = inSnapshot.isEmpty() ? bootstrap : inSnapshot;
    configurationIndex = snapshot.lastIncludedIndex();
  }
}
