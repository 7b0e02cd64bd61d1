package org.pekkoraft.core;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A leader's configuration changes (rule 11, dissertation chapter 4).
 *
 * <ul>
 *   <li>Single-server changes: add a server as a learner (it receives the log but never votes), promote it to
 *       voter only once it has caught up with the commit index, remove one server at a time.
 *   <li>Joint consensus for changing several voters at once: C<sub>old,new</sub> first, and once that is
 *       committed, C<sub>new</sub>, appended by the leader on its own.
 *   <li>At most one change in flight, and none before the leader has committed an entry of its own term (the
 *       fix to the single-server algorithm that Ongaro posted to raft-dev in 2015).
 *   <li>A leader that is not a voter of a committed configuration steps down.
 * </ul>
 * Each request either appends a configuration entry and returns null, or returns why not and changes nothing.
 */
final class Membership {

  private final Raft raft;
  private final Leader leader;
  /** Learners to promote once caught up; volatile: a new leader does not continue a predecessor's promotion. */
  private final Set<NodeId> promoteWhenCaughtUp = new TreeSet<>();

  Membership(Raft raft, Leader leader) {
    this.raft = raft;
    this.leader = leader;
  }

  String addServer(NodeId id, String endpoint, boolean asVoter) {
    Configuration config = raft.configuration();
    if (config.isLearner(id) && asVoter) {
      String busy = whyBusyForRequest();
      if (busy != null) {
        return busy;
      }
      promoteWhenCaughtUp.add(id);
      onProgress(id, leader.progress(id));
      return null;
    }
    if (config.isMember(id)) {
      return "node " + id + " is already a " + (config.isVoter(id) ? "voter" : "learner") + " (" + config + ")";
    }
    String busy = whyBusyForRequest();
    if (busy != null) {
      return busy;
    }
    Set<NodeId> learners = new HashSet<>(config.learners());
    learners.add(id);
    append(config.withMembers(config.voters(), learners, Set.of()).withEndpoint(id, endpoint));
    if (asVoter) {
      promoteWhenCaughtUp.add(id);
    }
    return null;
  }

  String removeServer(NodeId id) {
    Configuration config = raft.configuration();
    if (!config.isMember(id)) {
      return "node " + id + " is not a member (" + config + ")";
    }
    if (config.voters().equals(Set.of(id))) {
      return "cannot remove " + id + ": it is the last voter";
    }
    // Removing a learner that waits to be promoted cancels its promotion. Otherwise a learner that never catches
    // up (down for good, or added at a wrong address) would block every change, its own removal included, until
    // leadership moved.
    boolean cancelled = promoteWhenCaughtUp.remove(id);
    String busy = whyBusyForRequest();
    if (busy != null) {
      if (cancelled) {
        promoteWhenCaughtUp.add(id);
      }
      return busy;
    }
    Set<NodeId> voters = new HashSet<>(config.voters());
    Set<NodeId> learners = new HashSet<>(config.learners());
    voters.remove(id);
    learners.remove(id);
    append(config.withMembers(voters, learners, Set.of()));
    return null;
  }

  /** Joint consensus to {@code newVoters}, all of which must already be members (add new servers first). */
  String changeVoters(Set<NodeId> newVoters) {
    Configuration config = raft.configuration();
    if (newVoters.isEmpty()) {
      return "the new configuration needs at least one voter";
    }
    if (newVoters.equals(config.voters())) {
      return "the voters are already " + config.voters();
    }
    for (NodeId id : newVoters) {
      if (!config.isMember(id)) {
        return "node " + id + " is not a member yet: add it as a learner first so that it can catch up";
      }
    }
    String busy = whyBusyForRequest();
    if (busy != null) {
      return busy;
    }
    Set<NodeId> learners = new HashSet<>(config.learners());
    learners.removeAll(newVoters);
    append(config.withMembers(newVoters, learners, config.voters()));
    return null;
  }

  /** A follower's matchIndex advanced: promote it if it was waiting to catch up. */
  void onProgress(NodeId id, Progress p) {
    if (raft.role() != Role.LEADER || p == null || !promoteWhenCaughtUp.contains(id)
        || p.matchIndex < raft.commitIndex() || whyBusy() != null) {
      return;
    }
    Configuration config = raft.configuration();
    if (!config.isLearner(id)) {
      promoteWhenCaughtUp.remove(id);
      return;
    }
    Set<NodeId> voters = new HashSet<>(config.voters());
    Set<NodeId> learners = new HashSet<>(config.learners());
    learners.remove(id);
    voters.add(id);
    promoteWhenCaughtUp.remove(id);
    append(config.withMembers(voters, learners, Set.of()));
  }

  /** The commit index advanced: finish a joint change, step down if removed, or promote a waiting learner. */
  void onCommit() {
    Configuration config = raft.configuration();
    if (raft.configurationIndex() > raft.commitIndex()) {
      return;
    }
    if (config.isJoint()) {
      append(config.leaveJoint());
      return;
    }
    if (!config.isVoter(raft.id())) {
      raft.becomeFollower(raft.currentTerm(), null);
      return;
    }
    for (NodeId id : Set.copyOf(promoteWhenCaughtUp)) {
      onProgress(id, leader.progress(id));
    }
  }

  boolean changeInProgress() {
    return whyBusyForRequest() != null;
  }

  /** A new request must also wait for a learner still catching up before its promotion. */
  private String whyBusyForRequest() {
    if (!promoteWhenCaughtUp.isEmpty()) {
      return "node " + promoteWhenCaughtUp.iterator().next() + " is still catching up before it becomes a voter";
    }
    return whyBusy();
  }

  private String whyBusy() {
    if (raft.log().termAt(raft.commitIndex()) != raft.currentTerm()) {
      return "the leader has not yet committed an entry of its term; retry shortly";
    }
    if (raft.configurationIndex() > raft.commitIndex() || raft.configuration().isJoint()) {
      return "a configuration change is already in progress";
    }
    if (leader.transferTarget() != null) {
      return "a leadership transfer is in progress";
    }
    return null;
  }

  private void append(Configuration next) {
    long index = raft.log().lastIndex() + 1;
    raft.appendEntry(new LogEntry.ConfigChange(index, raft.currentTerm(), next));
    leader.syncProgress();
    raft.markFlushPending();
  }
}
