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

  private final NodeId home;
  private final SimCluster cluster;
  private final History<KvInput, KvOutput> history;
  private final SimClient.Settings settings;
  private final int depth;
  private final List<NodeId> nodes = new ArrayList<>();
  private final TreeMap<Long, Write> inFlight = new TreeMap<>();
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

  /** Fills the pipeline: starts writes until {@code depth} are in flight. */
  private void fill() {
    while (!stopped && clientId != 0 && inFlight.size() < depth) {
      long sequence = ++nextSequence;
      KvCommand.Put put = new KvCommand.Put("p" + (sequence % 3), "pipe." + sequence);
      History.Handle handle = history.invoke(process++, KvConvert.input(put));
      Write w = new Write(clientId, sequence, put, handle, cluster.now() + settings.deadlineMs());
      inFlight.put(sequence, w);
      send(w, target());
    }
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
    cluster.at(settings.attemptTimeoutMs(), () -> {
      if (inFlight.get(w.sequence) == w && w.attempt == attempt) {
        // Half the retries go to the same node again: the leader must join them to the entry already in its log.
        send(w, cluster.random.nextBoolean() ? to : next(to));
      }
    });
  }

  @Override
  public void onReply(ClientRequest.Tag tag, ClientResponse reply) {
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
        if (inFlight.get(w.sequence) == w && w.attempt == tag.attempt()) {
          send(w, hint != null && !hint.equals(from) ? hint : next(from));
        }
      });
    } else if (reply instanceof ClientResponse.Busy) {
      cluster.at(20, () -> {
        if (inFlight.get(w.sequence) == w && w.attempt == tag.attempt()) {
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
