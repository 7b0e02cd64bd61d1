package org.pekkoraft.core;

import java.util.HashMap;
import java.util.Map;
import org.pekkoraft.core.RaftMessage.RequestVote;
import org.pekkoraft.core.RaftMessage.RequestVoteResult;

/**
 * A candidate's election: the votes collected in one round, pre-vote or real.
 *
 * <p>With pre-vote on, a server whose election timer fires first asks whether it could win at currentTerm + 1
 * without raising its term; only a majority of yes answers starts the real election. A server that was cut off
 * and comes back with a stale log therefore never bumps the term of a healthy cluster (section 9.6). A real
 * election raises the term and votes for itself; both are durable before the RequestVotes leave.
 */
final class Candidacy {

  private final Raft raft;
  private final boolean preVote;
  private final long electionTerm;
  private final Map<NodeId, Boolean> votes = new HashMap<>();

  private Candidacy(Raft raft, boolean preVote, long electionTerm) {
    this.raft = raft;
    this.preVote = preVote;
    this.electionTerm = electionTerm;
  }

  /** Starts a pre-vote round, or a real election when pre-vote is off or a leader asked us to (TimeoutNow). */
  static void campaign(Raft raft, boolean leadershipTransfer) {
    if (raft.options().preVote() && !leadershipTransfer) {
      Candidacy round = new Candidacy(raft, true, raft.currentTerm() + 1);
      raft.becomePreCandidate(round);
      round.requestVotes(false);
    } else {
      startElection(raft, leadershipTransfer);
    }
  }

  private static void startElection(Raft raft, boolean leadershipTransfer) {
    Candidacy round = new Candidacy(raft, false, raft.currentTerm() + 1);
    raft.becomeCandidate(round);
    round.requestVotes(leadershipTransfer);
  }

  boolean isPreVote() {
    return preVote;
  }

  void onResult(RequestVoteResult m) {
    if (m.preVote() != preVote) {
      return;
    }
    if (m.voteGranted() && m.term() != electionTerm) {
      return;
    }
    if (!raft.configuration().isVoter(m.from())) {
      return;
    }
    votes.put(m.from(), m.voteGranted());
    tally();
  }

  private void requestVotes(boolean leadershipTransfer) {
    votes.put(raft.id(), true);
    RaftLog log = raft.log();
    for (NodeId peer : raft.configuration().members()) {
      if (peer.equals(raft.id()) || !raft.configuration().isVoter(peer)) {
        continue;
      }
      RequestVote request = new RequestVote(electionTerm, raft.id(), log.lastIndex(), log.lastTerm(), preVote,
          leadershipTransfer);
      if (preVote) {
        raft.out().sendNow(peer, request);
      } else {
        raft.out().send(peer, request);
      }
    }
    tally();
  }

  private void tally() {
    Configuration config = raft.configuration();
    if (config.hasQuorum(id -> Boolean.TRUE.equals(votes.get(id)))) {
      if (preVote) {
        startElection(raft, false);
      } else {
        raft.becomeLeader();
      }
    } else if (config.quorumImpossible(id -> Boolean.FALSE.equals(votes.get(id)))) {
      raft.becomeFollower(raft.currentTerm(), null);
    }
  }
}
