package org.pekkoraft.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Raft;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.ClientResponse;

/**
 * Membership changes and leadership transfers requested by operators: each is validated by the core (which
 * refuses with a reason and changes nothing, or starts it) and answered once it has completed or cannot.
 */
final class AdminRequests {

  /** A request in progress; {@code waiting} also holds retries of the same request, answered together. */
  private record Pending(String what, List<ReplyTo> waiting) {

    Pending(String what, ReplyTo replyTo) {
      this(what, new ArrayList<>(List.of(replyTo)));
    }

    void tell(ClientResponse response) {
      waiting.forEach(r -> r.tell(response));
    }
  }

  private final Raft raft;
  private Pending membership;
  private Pending transfer;
  private NodeId transferTarget;
  /** Ticks since this server stopped leading with a transfer unanswered and no leader known yet. */
  private int ticksWithoutLeader;

  AdminRequests(Raft raft) {
    this.raft = raft;
  }

  void addMember(NodeId id, String address, boolean voter, ReplyTo replyTo) {
    String invalid = Endpoints.problem("address", address);
    if (invalid != null) {
      replyTo.tell(new ClientResponse.Rejected(invalid));
      return;
    }
    String what = "add " + id + (voter ? " as a voter" : " as a learner");
    if (!joinedRetry(membership, what, replyTo)) {
      startMembership(raft.addServer(id, address, voter), replyTo, what);
    }
  }

  void removeMember(NodeId id, ReplyTo replyTo) {
    String what = "remove " + id;
    if (!joinedRetry(membership, what, replyTo)) {
      startMembership(raft.removeServer(id), replyTo, what);
    }
  }

  void changeVoters(Set<NodeId> voters, ReplyTo replyTo) {
    String what = "change voters to " + new TreeSet<>(voters);
    if (!joinedRetry(membership, what, replyTo)) {
      startMembership(raft.changeVoters(voters), replyTo, what);
    }
  }

  void transferLeadership(NodeId target, ReplyTo replyTo) {
    if (joinedRetry(transfer, "transfer leadership to " + target, replyTo)) {
      return;
    }
    if (transfer != null) {
      replyTo.tell(new ClientResponse.Rejected("a leadership transfer is already in progress"));
      return;
    }
    String refused = raft.transferLeadership(target);
    if (refused != null) {
      replyTo.tell(new ClientResponse.Rejected(refused));
      return;
    }
    transfer = new Pending("transfer leadership to " + target, replyTo);
    transferTarget = target;
    ticksWithoutLeader = 0;
  }

  /** Counts how long a transfer has been waiting to learn who leads after this server stopped leading. */
  void tick() {
    if (transfer != null && raft.role() != Role.LEADER && raft.leaderId() == null) {
      ticksWithoutLeader++;
    }
  }

  /**
   * A client that timed out retries the very request that is still in progress: it waits for the same outcome,
   * rather than being refused by the change it started itself.
   */
  private static boolean joinedRetry(Pending pending, String what, ReplyTo replyTo) {
    if (pending == null || !pending.what().equals(what)) {
      return false;
    }
    pending.waiting().add(replyTo);
    return true;
  }

  private void startMembership(String refused, ReplyTo replyTo, String what) {
    if (refused != null) {
      replyTo.tell(new ClientResponse.Rejected(refused));
      return;
    }
    if (membership != null) {
      membership.tell(new ClientResponse.Rejected("superseded by '" + what + "'"));
    }
    membership = new Pending(what, replyTo);
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
        answerTransferAfterSteppingDown();
      } else if (raft.transferTarget() == null) {
        transfer.tell(new ClientResponse.Rejected("'" + transfer.what()
            + "' timed out: the target did not take over within an election timeout"));
        transfer = null;
      }
    }
  }

  /**
   * This server stopped leading while a transfer was under way: done only if the target leads now. Stepping down
   * for any other reason (a higher term, check-quorum) is reported as what it is, once the new leader is known, or
   * as unknown when none is known within two election timeouts.
   */
  private void answerTransferAfterSteppingDown() {
    NodeId leader = raft.leaderId();
    if (transferTarget.equals(leader)) {
      transfer.tell(new ClientResponse.Done("leadership handed to " + transferTarget));
    } else if (leader != null) {
      transfer.tell(new ClientResponse.Rejected("'" + transfer.what() + "' did not complete: " + leader
          + " leads now (term " + raft.currentTerm() + ")"));
    } else if (ticksWithoutLeader >= 2 * raft.options().electionTimeoutMaxTicks()) {
      transfer.tell(new ClientResponse.OutcomeUnknown("this node stopped leading during '" + transfer.what()
          + "' and no leader is known yet; check the status of the cluster"));
    } else {
      return;
    }
    transfer = null;
  }
}
