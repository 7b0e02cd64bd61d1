package org.pekkoraft.core;

import org.pekkoraft.core.RaftMessage.RequestVote;
import org.pekkoraft.core.RaftMessage.RequestVoteResult;

/**
 * How any server answers a vote request, whatever its role (rules 1 and 3, plus pre-vote).
 *
 * <p>A real vote is granted at most once per term, first come first served, and only to a candidate whose log is
 * at least as up to date as ours (the election restriction, section 5.4.1). The vote is recorded as an event and
 * the reply waits until it is durable, so a server that crashes and restarts can never vote twice in a term.
 * A pre-vote changes no state: it answers whether this server would vote, were the election real.
 */
final class Voting {

  private final Raft raft;

  Voting(Raft raft) {
    this.raft = raft;
  }

  /** Called with {@code m.term() == currentTerm} for a real vote, or any term not below it for a pre-vote. */
  void onRequestVote(RequestVote m) {
    boolean logOk = raft.log().isUpToDate(m.lastLogTerm(), m.lastLogIndex());
    if (m.preVote()) {
      boolean grant = logOk && couldVoteFor(m);
      if (grant) {
        // Speaks of a future term and commits us to nothing, so it need not wait for the disk.
        raft.out().sendNow(m.from(), new RequestVoteResult(m.term(), raft.id(), true, true));
      } else {
        raft.out().send(m.from(), new RequestVoteResult(raft.currentTerm(), raft.id(), true, false));
      }
      return;
    }
    boolean grant = logOk && couldVoteFor(m);
    if (grant && !m.from().equals(raft.votedFor())) {
      raft.recordVote(m.from());
    }
    if (grant) {
      raft.resetElectionTimer();
    }
    raft.out().send(m.from(), new RequestVoteResult(raft.currentTerm(), raft.id(), false, grant));
  }

  /**
   * One vote per term: we may vote for the sender if we already did, or if we have neither voted nor seen a leader
   * in this term. A pre-vote for a later term than ours is always possible, since that term's vote is still open.
   */
  private boolean couldVoteFor(RequestVote m) {
    NodeId votedFor = raft.votedFor();
    if (m.from().equals(votedFor)) {
      return true;
    }
    if (m.preVote() && m.term() > raft.currentTerm()) {
      return true;
    }
    return votedFor == null && raft.leaderId() == null;
  }
}
