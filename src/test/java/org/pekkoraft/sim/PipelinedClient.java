package org.pekkoraft.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.kv.KvCodec;
import org.pekkoraft.kv.KvCommand;
import org.pekkoraft.lincheck.History;
import org.pekkoraft.lincheck.KvInput;
import org.pekkoraft.lincheck.KvOutput;
import org.pekkoraft.protocol.BatchedWrite;
import org.pekkoraft.protocol.ClientResponse;

/**
 * One session with many writes in flight at once, more than the session keeps results for: the case RaftClient
 * avoids and the cluster must survive. Each write keeps its sequence number across retries (to the same node or
 * the next), and {@code firstUnacknowledged} is the oldest write still unanswered, so the session may forget only
 * results the client has. A retry older than the results the session kept is answered OutcomeUnknown (info here),
 * never applied again; the exactly-once and linearizability checks hold it to that.
 *
 * <p>Each write is one operation of its own in the history (a fresh process number), as it runs concurrently with
 * the others.
 */
final class PipelinedClient implements ClientRequest.Sender {

  private static final int FIRST_PROCESS = 10_000;

  private static final class Write {
    final long session;
    final long sequence;
    final KvCommand.Put command;
    final History.Handle handle;
    final long deadline;
    int attempt;
    NodeId target;

    Write(long session, long sequence, KvCommand.Put command, History.Handle handle, long deadline) {
      this.session = session;
      this.sequence = sequence;
      this.command = command;
      this.handle = handle;
      this.deadline = deadline;
    }
  }

  /** A batch sent and not yet answered: its writes and the attempt number each was sent with. */
  private record SentBatch(List<Write> writes, List<Integer> attempts) {}

  private final NodeId home;
  private final SimCluster cluster;
  private final History<KvInput, KvOutput> history;
  private final SimClient.Settings settings;
  private final int depth;
  private final List<NodeId> nodes = new ArrayList<>();
  private final TreeMap<Long, Write> inFlight = new TreeMap<>();
  /** Batches by their (negative) operation number in the tag. */
  private final java.util.Map<Long, SentBatch> batchesInFlight = new java.util.HashMap<>();
  private long batches;
  private final List<SimClient.AckedWrite> acked = new ArrayList<>();
  private long clientId;
  private long nextSequence;
  private int registerAttempt;
  private int rotation;
  private int process = FIRST_PROCESS;
  private NodeId leaderGuess;
  private boolean stopped;

  PipelinedClient(NodeId home, SimCluster cluster, History<KvInput, KvOutput> history, SimClient.Settings settings,
      int depth) {
    this.home = home;
    this.cluster = cluster;
    this.history = history;
    this.settings = settings;
    this.depth = depth;
    cluster.nodes.forEach(n -> nodes.add(n.id));
  }

  @Override
  public NodeId home() {
    return home;
  }

  void start() {
    register();
  }

  void stop() {
    stopped = true;
  }

  boolean idle() {
    return inFlight.isEmpty() && (clientId != 0 || stopped);
  }

  List<SimClient.AckedWrite> acked() {
    return acked;
  }

  private void register() {
    if (stopped) {
      return;
    }
    int attempt = ++registerAttempt;
    NodeId to = target();
    cluster.sendRequest(home, to, new ClientRequest.Register(new ClientRequest.Tag(this, 0, attempt)));
    cluster.at(settings.attemptTimeoutMs(), () -> {
      if (clientId == 0 && registerAttempt == attempt) {
        leaderGuess = null;
        register();
      }
    });
  }

  /**
   * Fills the pipeline: starts writes until {@code depth} are in flight. Several started at once go, half the time,
   * as one batch (as RaftClient sends them); their retries go one by one.
   */
  private void fill() {
    List<Write> started = new ArrayList<>();
    while (!stopped && clientId != 0 && inFlight.size() < depth) {
      long sequence = ++nextSequence;
      KvCommand.Put put = new KvCommand.Put("p" + (sequence % 3), "pipe." + sequence);
      History.Handle handle = history.invoke(process++, KvConvert.input(put));
      Write w = new Write(clientId, sequence, put, handle, cluster.now() + settings.deadlineMs());
      inFlight.put(sequence, w);
      started.add(w);
    }
    if (started.size() > 1 && cluster.random.nextBoolean()) {
      sendBatch(started, target());
    } else {
      started.forEach(w -> send(w, target()));
    }
  }

  /** The writes as one batch; each keeps its own attempt number and retry timer, as if sent alone. */
  private void sendBatch(List<Write> batch, NodeId to) {
    List<BatchedWrite> writes = new ArrayList<>();
    List<Integer> attempts = new ArrayList<>();
    for (Write w : batch) {
      int attempt = ++w.attempt;
      attempts.add(attempt);
      w.target = to;
      writes.add(new BatchedWrite(w.sequence, KvCodec.COMMANDS.encode(w.command)));
      retryLater(w, to, attempt);
    }
    long batchId = -(++batches);
    batchesInFlight.put(batchId, new SentBatch(List.copyOf(batch), attempts));
    cluster.sendRequest(home, to, new ClientRequest.Batch(new ClientRequest.Tag(this, batchId, 0), batch.get(0).session,
        inFlight.firstKey(), writes));
  }

  private void send(Write w, NodeId to) {
    if (cluster.now() >= w.deadline) {
      finish(w, false);
      return;
    }
    int attempt = ++w.attempt;
    w.target = to;
    ClientRequest.Tag tag = new ClientRequest.Tag(this, w.sequence, attempt);
    cluster.sendRequest(home, to, new ClientRequest.Write(tag, w.session, w.sequence, inFlight.firstKey(),
        KvCodec.COMMANDS.encode(w.command)));
    retryLater(w, to, attempt);
  }

  private void retryLater(Write w, NodeId to, int attempt) {
    cluster.at(settings.attemptTimeoutMs(), () -> {
      if (inFlight.get(w.sequence) == w && w.attempt == attempt) {
        // Half the retries go to the same node again: the leader must join them to the entry already in its log.
        send(w, cluster.random.nextBoolean() ? to : next(to));
      }
    });
  }

  @Override
  public void onReply(ClientRequest.Tag tag, ClientResponse reply) {
    if (tag.op() < 0) {
      SentBatch batch = batchesInFlight.remove(tag.op());
      if (batch == null) {
        return;
      }
      boolean perWrite = reply instanceof ClientResponse.Batch answers
          && answers.answers().size() == batch.writes.size();
      if (!perWrite && !(reply instanceof ClientResponse.NotLeader || reply instanceof ClientResponse.Busy)) {
        cluster.invariants.fail("a batch of " + batch.writes.size() + " writes was answered " + reply);
      }
      for (int i = 0; i < batch.writes.size(); i++) {
        Write w = batch.writes.get(i);
        if (inFlight.get(w.sequence) == w && w.attempt == batch.attempts.get(i)) {
          onWriteReply(w, batch.attempts.get(i), perWrite ? ((ClientResponse.Batch) reply).answers().get(i) : reply);
        }
      }
      return;
    }
    if (tag.op() == 0) {
      if (clientId == 0 && reply instanceof ClientResponse.Registered r) {
        clientId = r.clientId();
        leaderGuess = null;
        fill();
      } else if (clientId == 0 && reply instanceof ClientResponse.NotLeader n && tag.attempt() == registerAttempt) {
        leaderGuess = n.leaderId();
      }
      return;
    }
    Write w = inFlight.get(tag.op());
    if (w == null || tag.attempt() != w.attempt) {
      return;
    }
    onWriteReply(w, tag.attempt(), reply);
  }

  private void onWriteReply(Write w, int attempt, ClientResponse reply) {
    if (reply instanceof ClientResponse.Ok) {
      leaderGuess = w.target;
      finish(w, true);
    } else if (reply instanceof ClientResponse.OutcomeUnknown) {
      cluster.coverage.resultsForgotten++;
      finish(w, false);
    } else if (reply instanceof ClientResponse.SessionExpired) {
      cluster.coverage.sessionsExpired++;
      finish(w, false);
      if (clientId == w.session) {
        // Its writes in flight keep their old session, so none of them can apply twice under the new one.
        clientId = 0;
        register();
      }
    } else if (reply instanceof ClientResponse.NotLeader n) {
      NodeId hint = n.leaderId();
      leaderGuess = hint;
      NodeId from = w.target;
      cluster.at(hint != null && !hint.equals(from) ? 0 : 20, () -> {
        if (inFlight.get(w.sequence) == w && w.attempt == attempt) {
          send(w, hint != null && !hint.equals(from) ? hint : next(from));
        }
      });
    } else if (reply instanceof ClientResponse.Busy) {
      cluster.at(20, () -> {
        if (inFlight.get(w.sequence) == w && w.attempt == attempt) {
          send(w, w.target);
        }
      });
    } else {
      cluster.invariants.fail("the pipelined client was answered " + reply + " for " + w.command);
    }
  }

  private void finish(Write w, boolean ok) {
    inFlight.remove(w.sequence);
    if (ok) {
      history.ok(w.handle, KvOutput.OK);
      acked.add(new SimClient.AckedWrite(w.session, w.sequence, w.command));
    } else {
      history.info(w.handle);
    }
    cluster.at(cluster.random.nextInt(settings.maxThinkMs() + 1), this::fill);
  }

  private NodeId target() {
    return leaderGuess != null ? leaderGuess : next(null);
  }

  private NodeId next(NodeId after) {
    NodeId pick = nodes.get(Math.floorMod(rotation++, nodes.size()));
    return pick.equals(after) && nodes.size() > 1 ? nodes.get(Math.floorMod(rotation++, nodes.size())) : pick;
  }
}
