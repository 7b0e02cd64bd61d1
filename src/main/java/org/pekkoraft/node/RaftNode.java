package org.pekkoraft.node;

import org.apache.pekko.actor.typed.Behavior;
import org.pekkoraft.protocol.NodeProtocol;
import org.pekkoraft.statemachine.StateMachine;
import org.pekkoraft.protocol.ClientResponse;

/**
 * A Raft server as a typed actor. Create it with {@link #create}, spawn it under {@code /user/<actor-name>} (the
 * name peers address it by), and send it the {@link NodeProtocol} messages: clients send
 * {@link NodeProtocol.ClientRequest} (writes), {@link NodeProtocol.ClientQuery} (linearizable reads) and
 * {@link NodeProtocol.RegisterClient} (sessions) to any node; a node that is not the leader answers
 * {@link org.pekkoraft.protocol.ClientResponse.NotLeader} with a hint.
 *
 * <p>A journal failure stops the node; watch it to exit the process.
 */
public final class RaftNode {

  private RaftNode() {}

  /**
   * A node replicating {@code stateMachine}. The journal (LevelDB, per the ActorSystem's persistence settings)
   * holds its term, vote and log under the persistence id {@code raft-<node-id>}.
   */
  public static <C, R> Behavior<NodeProtocol.Command> create(RaftSettings settings, StateMachine<C, R> stateMachine) {
    return create(settings, stateMachine, RaftMetrics.NONE);
  }

  /** As {@link #create(RaftSettings, StateMachine)}, reporting what the node does to {@code metrics}. */
  public static <C, R> Behavior<NodeProtocol.Command> create(RaftSettings settings, StateMachine<C, R> stateMachine,
      RaftMetrics metrics) {
    return NodeBehaviors.create(settings, stateMachine, metrics);
  }
}
