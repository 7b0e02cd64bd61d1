package org.pekkoraft.sim;

import java.util.function.Supplier;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftMessage;
import org.pekkoraft.core.Ready;
import org.pekkoraft.server.Io;
import org.pekkoraft.statemachine.ApplyResult;

/**
 * The simulated host of one node's {@link org.pekkoraft.server.Replica}: its disk finishes a write after a random
 * delay, its messages cross the simulated network, a flush is an event queued behind those already due (as the
 * actor's own Flush message queues behind its mailbox), and both clocks are the simulation's logical time, which
 * runs on while a node is paused. Applied entries feed the run's checks.
 */
final class SimIo implements Io {

  private final SimCluster cluster;
  private final SimNode node;

  SimIo(SimCluster cluster, SimNode node) {
    this.cluster = cluster;
    this.node = node;
  }

  @Override
  public void write(Ready.Write write) {
    if (node.writing != null) {
      cluster.fail(node.id + " was handed write " + write.id() + " while write " + node.writing.id()
          + " was in flight");
    }
    node.writing = write;
    cluster.diskWrite(node, write.id());
  }

  @Override
  public void send(NodeId to, RaftMessage message) {
    cluster.dispatch(node, to, message);
  }

  @Override
  public void scheduleFlush() {
    cluster.scheduleFlush(node);
  }

  /** Written at once, delivered as an event after a random disk delay, while the node goes on. */
  @Override
  public void writeSnapshot(long index, Supplier<byte[]> data) {
    cluster.snapshotWrite(node, index, data.get());
  }

  @Override
  public long currentTimeMillis() {
    return cluster.now();
  }

  @Override
  public long nanoTime() {
    return cluster.now() * 1_000_000L;
  }

  @Override
  public String endpoint(NodeId id) {
    return cluster.endpoint(id);
  }

  @Override
  public void applied(LogEntry entry, ApplyResult result) {
    cluster.onApplied(node, node.applied(entry, result));
  }

  @Override
  public void snapshotRestored(long lastIncludedIndex) {
    cluster.onSnapshotRestored(node, lastIncludedIndex);
  }
}
