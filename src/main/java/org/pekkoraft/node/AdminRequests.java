package org.pekkoraft.node;

import org.apache.pekko.actor.typed.ActorRef;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Raft;
import org.pekkoraft.core.Role;

/**
 * Membership changes and leadership transfers requested by operators: each is validated by the core (which
 * refuses with a reason and changes nothing, or starts it) and answered once it has completed or cannot.
 */
final class AdminRequests {

  private record Pending(ActorRef<ClientResponse> replyTo, String what) {}

  private final Raft raft;
  private final NodeRuntime runtime;
  private Pending membership;
  private Pending transfer;
  private NodeId transferTarget;

  AdminRequests(Raft raft, NodeRuntime runtime) {
    this.raft = raft;
    this.runtime = runtime;
  }

  void addMember(RaftNode.AddMember request) {
    try {
      RaftSettings.checkEndpoint("address", request.address());
    } catch (RaftSettingsException e) {
      request.replyTo().tell(new ClientResponse.Rejected(e.getMessage()));
      return;
    }
    startMembership(raft.addServer(request.id(), request.address(), request.voter()), request.replyTo(),
        "add " + request.id() + (request.voter() ? " as a voter" : " as a learner"));
  }

  void removeMember(RaftNode.RemoveMember request) {
    startMembership(raft.removeServer(request.id()), request.replyTo(), "remove " + request.id());
  }

  void changeVoters(RaftNode.ChangeVoters request) {
    startMembership(raft.changeVoters(request.voters()), request.replyTo(), "change voters to " + request.voters());
  }

  void transferLeadership(RaftNode.TransferLeadership request) {
    if (transfer != null) {
      request.replyTo().tell(new ClientResponse.Rejected("a leadership transfer is already in progress"));
      return;
    }
    String refused = raft.transferLeadership(request.target());
    if (refused != null) {
      request.replyTo().tell(new ClientResponse.Rejected(refused));
      return;
    }
    transfer = new Pending(request.replyTo(), "transfer leadership to " + request.target());
    transferTarget = request.target();
    runtime.afterStep();
  }

  private void startMembership(String refused, ActorRef<ClientResponse> replyTo, String what) {
    if (refused != null) {
      replyTo.tell(new ClientResponse.Rejected(refused));
      return;
    }
    if (membership != null) {
      membership.replyTo().tell(new ClientResponse.Rejected("superseded"));
    }
    membership = new Pending(replyTo, what);
    runtime.afterStep();
  }

  /** Answers requests that have finished, or that this node can no longer see through. */
  void checkProgress() {
    if (membership != null) {
      if (raft.role() != Role.LEADER) {
        membership.replyTo().tell(new ClientResponse.Rejected("leadership was lost before '" + membership.what()
            + "' completed; check the configuration and retry"));
        membership = null;
      } else if (!raft.configurationChangeInProgress()) {
        membership.replyTo().tell(new ClientResponse.Done(membership.what() + ": configuration is now "
            + raft.configuration()));
        membership = null;
      }
    }
    if (transfer != null) {
      if (raft.role() != Role.LEADER) {
        transfer.replyTo().tell(new ClientResponse.Done("leadership handed to " + transferTarget));
        transfer = null;
      } else if (raft.transferTarget() == null) {
        transfer.replyTo().tell(new ClientResponse.Rejected("'" + transfer.what()
            + "' timed out: the target did not take over within an election timeout"));
        transfer = null;
      }
    }
  }
}
