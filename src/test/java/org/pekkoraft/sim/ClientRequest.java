package org.pekkoraft.sim;

import org.pekkoraft.core.NodeId;
import java.util.List;
import org.pekkoraft.protocol.BatchedWrite;
import org.pekkoraft.protocol.ClientResponse;
import org.pekkoraft.server.ReplicaOptions;

/**
 * What a simulated client sends a node: the node's client protocol (register, write, read) as plain records.
 * Every request carries the {@link Tag} its answer must echo, so that the client can tell which operation and
 * which attempt an answer belongs to.
 */
sealed interface ClientRequest permits ClientRequest.Register, ClientRequest.Write, ClientRequest.Batch,
    ClientRequest.Read {

  /** Who sends requests and takes their answers: a client of the simulation. */
  interface Sender {
    /** The node whose side of the network the client is on. */
    NodeId home();

    void onReply(Tag tag, ClientResponse reply);
  }

  /** The client, its operation number and the attempt number; answers echo it. */
  record Tag(Sender client, long op, int attempt) {}

  Tag tag();

  /** Opens a session: proposeRegisterClient, answered when applied. */
  record Register(Tag tag) implements ClientRequest {}

  /** A command with its session: proposeCommand(clientId, sequence, firstUnacknowledged), answered when applied. */
  record Write(Tag tag, long clientId, long sequence, long firstUnacknowledged, byte[] command)
      implements ClientRequest {}

  /** Several commands of one session at once: writeBatch, answered with one Batch (or refused whole). */
  record Batch(Tag tag, long clientId, long firstUnacknowledged, List<BatchedWrite> writes) implements ClientRequest {}

  /** A get, served as {@code mode} says (a lease read falls back to ReadIndex when the lease cannot vouch). */
  record Read(Tag tag, byte[] query, ReplicaOptions.ReadMode mode) implements ClientRequest {}
}
