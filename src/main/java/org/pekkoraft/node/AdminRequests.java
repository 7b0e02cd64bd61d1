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

  /** A request in progress; {@code waiting} also holds retries of the same request, answered together. */
  private record Pending(String what, java.util.List<ActorRef<ClientResponse>> waiting) {

    Pending(String what, ActorRef<ClientResponse> replyTo) {
      this(what, new java.util.ArrayList<>(java.util.List.of(replyTo)));
    }

    void tell(ClientResponse response) {
      waiting.forEach(r -> r.tell(response));
    }
  }

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
    String what = "add " + request.id() + (request.voter() ? " as a voter" : " as a learner");
    if (!joinedRetry(membership, what, request.replyTo())) {
      startMembership(raft.addServer(request.id(), request.address(), request.voter()), request.replyTo(), what);
    }
  }

  void removeMember(RaftNode.RemoveMember request) {
    String what = "remove " + request.id();
    if (!joinedRetry(membership, what, request.replyTo())) {
      startMembership(raft.removeServer(request.id()), request.replyTo(), what);
    }
  }

  void changeVoters(RaftNode.ChangeVoters request) {
    String what = "change voters to " + new java.util.TreeSet<>(request.voters());
    if (!joinedRetry(membership, what, request.replyTo())) {
      startMembership(raft.changeVoters(request.voters()), request.replyTo(), what);
    }
  }

  /**
   * A client that timed out retries the very request that is still in progress: it waits for the same outcome,
   * rather than being refused by the change it started itself.
   */
  private static boolean joinedRetry(Pending pending, String what, ActorRef<ClientResponse> replyTo) {
    if (pending == null || !pending.what().equals(what)) {
      return false;
    }
    pending.waiting().add(replyTo);
    return true;
  }

  void transferLeadership(RaftNode.TransferLeadership request) {
    if (joinedRetry(transfer, "transfer leadership to " + request.target(), request.replyTo())) {
      return;
    }
    if (transfer != null) {
      request.replyTo().tell(new ClientResponse.Rejected("a leadership transfer is already in progress"));
      return;
    }
    String refused = raft.transferLeadership(request.target());
    if (refused != null) {
      request.replyTo().tell(new ClientResponse.Rejected(refused));
      return;
    }
    transfer = new Pending("transfer leadership to " + request.target(), request.replyTo());
    transferTarget = request.target();
    runtime.afterStep();
  }

  private void startMembership(String refused, ActorRef<ClientResponse> replyTo, String what) {
    if (refused != null) {
      replyTo.tell(new ClientResponse.Rejected(refused));
      return;
    }
    if (membership != null) {
      membership.tell(new ClientResponse.Rejected("superseded by '" + what + "'"));
    }
    membership = new Pending(what, replyTo);
    runtime.afterStep();
  }

  /** Answers requests that have finished, or that this node can no longer see through. */
  void checkProgress() {
    if (membership != null) {
      if (raft.role() != Role.LEADER) {
        membership.tell(new ClientResponse.OutcomeUnknown("leadership was lost before '" + membership.what()
            + "' completed; check the configuration before asking again"));
        membership = null;
      } else if (!raft.configurationChangeInProgress()) {
        membership.tell(new ClientResponse.Done(membership.what() + ": configuration is now "
            + raft.configuration()));
        membership = null;
      }
    }
    if (transfer != null) {
      if (raft.role() != Role.LEADER) {
        transfer.tell(new ClientResponse.Done("leadership handed to " + transferTarget));
        transfer = null;
      } else if (raft.transferTarget() == null) {
        transfer.tell(new ClientResponse.Rejected("'" + transfer.what()
            + "' timed out: the target did not take over within an election timeout"));
        transfer = null;
      }
    }
  }
}
