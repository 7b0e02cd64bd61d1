package org.pekkoraft.sim;

import java.util.ArrayList;
import java.util.List;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.lincheck.History;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvOutput;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.server.ReplicaOptions;

/**
 * A simulated client, behaving like {@code RaftClient}: it opens a session, then runs one operation at a time,
 * sending each to the node it believes leads. A NotLeader answer redirects it to the hinted leader (or, without a
 * hint, to the next node after a short pause); a silent node is skipped after the attempt timeout. A write keeps
 * its sequence number across every attempt, so a retry of a write that did apply is answered from the session
 * instead of applying again. At the deadline the client gives up.
 *
 * <p>Every operation is recorded in a lincheck {@link History}: invoked when first sent, ok when answered. A write
 * the client gave up on is info (any attempt, or a duplicate of one still in the network, may yet apply); a read
 * it gave up on is fail, because a read has no effect to linearize.
 */
final class SimClient implements ClientRequest.Sender {

  /**
   * @param attemptTimeoutMs how long one attempt waits for an answer before the next node is tried
   * @param deadlineMs how long an operation is retried before the client gives up
   * @param maxThinkMs the most time between one operation's end and the next one's start
   * @param logReadPercent how many gets go through the log instead of ReadIndex
   */
  record Settings(int attemptTimeoutMs, int deadlineMs, int maxThinkMs, int logReadPercent) {}

  enum Status { OK, INFO, FAIL }

  /** How an operation ended; {@code output} is null unless OK. */
  record Result(KvCommand command, Status status, KvOutput output) {}

  /** A write acknowledged to this client: its session and sequence number. */
  record AckedWrite(long clientId, long sequence, KvCommand command) {}

  private enum Kind { REGISTER, WRITE, READ_INDEX, READ_LOG }

  private static final class Op {
    final long number;
    final Kind kind;
    final KvCommand command;
    final long deadline;
    long clientId;
    long sequence;
    History.Handle handle;
    int attempt;
    NodeId target;

    Op(long number, Kind kind, KvCommand command, long deadline) {
      this.number = number;
      this.kind = kind;
      this.command = command;
      this.deadline = deadline;
    }
  }

  final int process;
  final NodeId home;
  private final SimCluster cluster;
  private final History<KvInput, KvOutput> history;
  private final Settings settings;
  private final KvWorkload workload;
  private final List<NodeId> nodes = new ArrayList<>();
  private final List<AckedWrite> acked = new ArrayList<>();
  private long clientId;
  private long sequence;
  private long opCount;
  private int rotation;
  private NodeId leaderGuess;
  private Op current;
  private boolean stopped;
  private Result last;
  private long ok;
  private long info;
  private long fail;

  /** A client that draws operations from {@code workload} until stopped; null for one driven by {@link #submit}. */
  SimClient(int process, NodeId home, SimCluster cluster, History<KvInput, KvOutput> history, Settings settings,
      KvWorkload workload) {
    this.process = process;
    this.home = home;
    this.cluster = cluster;
    this.history = history;
    this.settings = settings;
    this.workload = workload;
    cluster.nodes.forEach(n -> nodes.add(n.id));
    rotation = process;
  }

  /** Opens the session and, with a workload, starts issuing operations. */
  void start() {
    cluster.at(1 + cluster.random.nextInt(settings.maxThinkMs() + 1), this::next);
  }

  /** Issues no new operation; the one under way is still carried to its end. */
  void stop() {
    stopped = true;
  }

  boolean idle() {
    return current == null;
  }

  boolean registered() {
    return clientId != 0;
  }

  /** Starts {@code command} now; the client must be registered and idle. */
  void submit(KvCommand command) {
    if (!registered() || !idle()) {
      throw new IllegalStateException("client " + process + " is busy or has no session");
    }
    begin(command);
  }

  /** Believes {@code node} leads, as a client that last talked to it would. */
  void assumeLeader(NodeId node) {
    leaderGuess = node;
  }

  Result last() {
    return last;
  }

  List<AckedWrite> acked() {
    return acked;
  }

  long ok() {
    return ok;
  }

  long info() {
    return info;
  }

  long fail() {
    return fail;
  }

  // ---------------------------------------------------------------- the operation cycle

  private void next() {
    if (current != null) {
      return;
    }
    if (clientId == 0) {
      if (!stopped) {
        current = new Op(++opCount, Kind.REGISTER, null, cluster.now() + settings.deadlineMs());
        send(current, target());
      }
      return;
    }
    if (!stopped && workload != null) {
      begin(workload.next(process));
    }
  }

  private void begin(KvCommand command) {
    Kind kind = command instanceof KvCommand.Get
        ? (cluster.random.nextInt(100) < settings.logReadPercent() ? Kind.READ_LOG : Kind.READ_INDEX)
        : Kind.WRITE;
    Op op = new Op(++opCount, kind, command, cluster.now() + settings.deadlineMs());
    if (kind == Kind.WRITE) {
      op.clientId = clientId;
      op.sequence = ++sequence;
    }
    op.handle = history.invoke(process, KvConvert.input(command));
    current = op;
    send(op, target());
  }

  private void send(Op op, NodeId to) {
    if (cluster.now() >= op.deadline) {
      giveUp(op);
      return;
    }
    int attempt = ++op.attempt;
    op.target = to;
    cluster.sendRequest(home, to, request(op, new ClientRequest.Tag(this, op.number, attempt)));
    cluster.at(settings.attemptTimeoutMs(), () -> {
      if (current == op && op.attempt == attempt) {
        leaderGuess = null;
        // Now and then the retry goes to the same node: a leader that has the first in its log joins them.
        send(op, cluster.random.nextInt(4) == 0 ? to : next(to));
      }
    });
  }

  private ClientRequest request(Op op, ClientRequest.Tag tag) {
    switch (op.kind) {
      case REGISTER:
        return new ClientRequest.Register(tag);
      case WRITE:
        // One operation at a time: every lower sequence number has been answered or abandoned, so the session
        // may forget their results (and must refuse them should a stale copy still arrive).
        return new ClientRequest.Write(tag, op.clientId, op.sequence, op.sequence,
            KvCodec.COMMANDS.encode(op.command));
      default:
        return new ClientRequest.Read(tag, KvCodec.COMMANDS.encode(op.command),
            op.kind == Kind.READ_LOG ? ReplicaOptions.ReadMode.LOG : cluster.readMode);
    }
  }

  @Override
  public NodeId home() {
    return home;
  }

  /** An answer for operation {@code tag.op()}: late and duplicate answers to earlier operations are ignored. */
  @Override
  public void onReply(ClientRequest.Tag tag, ClientResponse reply) {
    Op op = current;
    if (op == null || tag.op() != op.number) {
      return;
    }
    if (reply instanceof ClientResponse.NotLeader notLeader) {
      if (tag.attempt() == op.attempt) {
        redirect(op, notLeader.leaderId());
      }
    } else if (reply instanceof ClientResponse.Registered r && op.kind == Kind.REGISTER) {
      clientId = r.clientId();
      finish(op, Status.OK, null);
    } else if (reply instanceof ClientResponse.Ok answer && op.kind != Kind.REGISTER) {
      leaderGuess = op.target;
      finish(op, Status.OK, KvConvert.output(KvCodec.RESULTS.decode(answer.result())));
    } else if (reply instanceof ClientResponse.SessionExpired) {
      // This attempt was refused, but an earlier one may have applied: unknown. Open a new session.
      cluster.coverage.sessionsExpired++;
      clientId = 0;
      finish(op, Status.INFO, null);
    } else if (reply instanceof ClientResponse.OutcomeUnknown && op.kind == Kind.WRITE) {
      // A retry older than the session's cached results: not applied now; an earlier attempt may have been.
      cluster.coverage.resultsForgotten++;
      finish(op, Status.INFO, null);
    } else if (reply instanceof ClientResponse.Busy) {
      if (tag.attempt() == op.attempt) {
        retryLater(op, op.target);
      }
    } else if (reply instanceof ClientResponse.Rejected r) {
      cluster.invariants.fail("client " + process + " was refused " + op.command + " (sequence " + op.sequence
          + "): " + r.reason());
    }
  }

  private void redirect(Op op, NodeId hint) {
    if (hint != null && !hint.equals(op.target)) {
      leaderGuess = hint;
      send(op, hint);
      return;
    }
    leaderGuess = null;
    int attempt = op.attempt;
    NodeId after = op.target;
    cluster.at(20, () -> {
      if (current == op && op.attempt == attempt) {
        send(op, next(after));
      }
    });
  }

  /** Asks {@code target} again after a short pause, as RaftClient does after a Busy answer. */
  private void retryLater(Op op, NodeId target) {
    int attempt = op.attempt;
    cluster.at(20, () -> {
      if (current == op && op.attempt == attempt) {
        send(op, target);
      }
    });
  }

  private void giveUp(Op op) {
    finish(op, op.kind == Kind.WRITE ? Status.INFO : Status.FAIL, null);
  }

  private void finish(Op op, Status status, KvOutput output) {
    current = null;
    if (op.kind != Kind.REGISTER) {
      record(op, status, output);
    }
    cluster.at(cluster.random.nextInt(settings.maxThinkMs() + 1), this::next);
  }

  private void record(Op op, Status status, KvOutput output) {
    last = new Result(op.command, status, output);
    switch (status) {
      case OK:
        ok++;
        history.ok(op.handle, output);
        if (op.kind == Kind.WRITE) {
          acked.add(new AckedWrite(op.clientId, op.sequence, op.command));
        }
        break;
      case INFO:
        info++;
        history.info(op.handle);
        break;
      default:
        fail++;
        history.fail(op.handle);
        break;
    }
  }

  private NodeId target() {
    return leaderGuess != null ? leaderGuess : next(null);
  }

  /** The next node in this client's rotation, skipping {@code after}. */
  private NodeId next(NodeId after) {
    NodeId pick = nodes.get(Math.floorMod(rotation++, nodes.size()));
    return pick.equals(after) && nodes.size() > 1 ? nodes.get(Math.floorMod(rotation++, nodes.size())) : pick;
  }
}
