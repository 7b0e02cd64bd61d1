package org.pekkoraft.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.Outcome;
import org.pekkoraft.core.Raft;
import org.pekkoraft.core.Role;
import org.pekkoraft.statemachine.ApplyResult;

/**
 * The client-facing half of one simulated node, doing what node/NodeRuntime does: it proposes writes and session
 * registrations and answers each when the entry it appended is applied <em>in the term it was proposed in</em> (a
 * different term at that index means another leader's entry replaced ours: NotLeader, and the client retries with
 * the same sequence number); it runs ReadIndex reads and answers them from the state machine once lastApplied has
 * reached their read index. Everything here is volatile: a crash loses it and the clients time out.
 */
final class SimKvServer {

  /** How the server reaches the outside world. */
  interface Network {
    /** Logical time, used as the leader's timestamp on the entries it appends (sessions expire by it). */
    long now();

    /** Sends {@code reply} from {@code from} to the client that tagged the request. */
    void reply(SimNode from, ClientRequest.Tag to, ClientReply reply);

    /** The highest index any node has committed so far. */
    long maxCommitted();

    /** True when some node leads a newer term than {@code node}'s. */
    boolean deposed(SimNode node);

    Coverage coverage();

    /** The lease, in ticks, within which a leader may answer reads without a heartbeat round; -1 for no lease reads. */
    int leaseTicks();

    /** Fails the run with {@code what}. */
    void fail(String what);
  }

  private record PendingWrite(long term, ClientRequest request) {}

  /** A ReadIndex read, and the highest index committed anywhere when it arrived: its answer must reflect that. */
  private record Read(ClientRequest.Read request, long mustReflect) {}

  private record ReadyRead(long readIndex, long readId, Read read) {}

  private final SimNode node;
  private final Network network;
  private final Map<Long, PendingWrite> writes = new HashMap<>();
  private final Map<Long, Read> pendingReads = new HashMap<>();
  private final PriorityQueue<ReadyRead> readyReads = new PriorityQueue<>(
      (a, b) -> a.readIndex != b.readIndex ? Long.compare(a.readIndex, b.readIndex) : Long.compare(a.readId, b.readId));
  private long nextReadId;

  SimKvServer(SimNode node, Network network) {
    this.node = node;
    this.network = network;
  }

  void onRequest(ClientRequest request) {
    Raft raft = node.raft;
    long now = network.now();
    if (request instanceof ClientRequest.Register) {
      track(raft.proposeRegisterClient(now), request);
    } else if (request instanceof ClientRequest.Write w) {
      node.state.validate(w.command());
      track(raft.proposeCommand(w.clientId(), w.sequence(), w.firstUnacknowledged(), now, w.command()), request);
    } else if (request instanceof ClientRequest.Read r && r.viaLog()) {
      track(raft.proposeCommand(0, 0, 0, now, r.query()), request);
    } else if (request instanceof ClientRequest.Read r) {
      if (raft.role() == Role.LEADER && network.deposed(node)) {
        network.coverage().readsAtDeposedLeader++;
      }
      long readId = ++nextReadId;
      long leaseIndex = network.leaseTicks() > 0 ? raft.leaseReadIndex(network.leaseTicks()) : -1;
      if (leaseIndex >= 0) {
        // Checked like any read by serveReads: it must reflect everything committed anywhere by now.
        network.coverage().leaseReads++;
        readyReads.add(new ReadyRead(leaseIndex, readId, new Read(r, network.maxCommitted())));
      } else if (raft.readIndex(readId)) {
        pendingReads.put(readId, new Read(r, network.maxCommitted()));
      } else {
        notLeader(request);
      }
    }
  }

  /** Takes in the reads the core confirmed or gave up on in one outcome. */
  void onReads(Outcome outcome) {
    for (Outcome.ReadState ready : outcome.readsReady()) {
      Read read = pendingReads.remove(ready.readId());
      if (read != null) {
        readyReads.add(new ReadyRead(ready.readIndex(), ready.readId(), read));
      }
    }
    for (long rejected : outcome.readsRejected()) {
      Read read = pendingReads.remove(rejected);
      if (read != null) {
        notLeader(read.request());
      }
    }
  }

  /** Answers the request that appended {@code entry}, if this node appended it. */
  void onApplied(LogEntry entry, ApplyResult result) {
    PendingWrite pending = writes.remove(entry.index());
    if (pending == null) {
      return;
    }
    if (entry.term() != pending.term()) {
      network.coverage().writesLostToNewerLeader++;
      notLeader(pending.request());
      return;
    }
    ClientReply reply;
    if (result instanceof ApplyResult.Success s) {
      if (pending.request() instanceof ClientRequest.Read) {
        network.coverage().logReadsAnswered++;
      }
      reply = new ClientReply.Ok(s.result());
    } else if (result instanceof ApplyResult.Registered r) {
      reply = new ClientReply.Registered(r.clientId());
    } else if (result instanceof ApplyResult.Failure f) {
      if (f.reason() == ApplyResult.Reason.SESSION_EXPIRED) {
        network.coverage().sessionsExpired++;
        reply = new ClientReply.SessionExpired();
      } else {
        reply = new ClientReply.Rejected(f.message());
      }
    } else {
      throw new IllegalStateException("a client entry applied as " + result);
    }
    network.reply(node, pending.request().tag(), reply);
  }

  /**
   * Answers the confirmed reads whose read index the state machine has reached. Checks directly what ReadIndex
   * promises: the state a read is answered from includes every entry that was committed anywhere (by this leader or
   * a newer one) when the read arrived. A deposed leader answering from its stale state fails here.
   */
  void serveReads() {
    while (!readyReads.isEmpty() && readyReads.peek().readIndex() <= node.lastApplied) {
      Read read = readyReads.poll().read();
      if (node.lastApplied < read.mustReflect()) {
        network.fail("stale read: " + node.id + " answered a read from its state at index " + node.lastApplied
            + ", but index " + read.mustReflect() + " had been committed when the read arrived");
      }
      network.coverage().readIndexAnswered++;
      ClientRequest.Read request = read.request();
      network.reply(node, request.tag(), new ClientReply.Ok(node.state.query(request.query())));
    }
  }

  /** A snapshot from the leader swallowed these entries: whether ours were among them is unknown here. */
  void onSnapshotInstalled(long lastIncludedIndex) {
    writes.entrySet().removeIf(e -> {
      if (e.getKey() <= lastIncludedIndex) {
        notLeader(e.getValue().request());
        return true;
      }
      return false;
    });
  }

  private void track(long index, ClientRequest request) {
    if (index < 0) {
      notLeader(request);
      return;
    }
    PendingWrite displaced = writes.put(index, new PendingWrite(node.raft.currentTerm(), request));
    if (displaced != null) {
      // An entry we appended in an earlier term was truncated and this index reused: that request is lost here.
      notLeader(displaced.request());
    }
  }

  private void notLeader(ClientRequest request) {
    network.reply(node, request.tag(), new ClientReply.NotLeader(node.raft.leaderId()));
  }
}
