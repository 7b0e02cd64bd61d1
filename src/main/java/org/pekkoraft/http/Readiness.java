package org.pekkoraft.http;

import org.pekkoraft.protocol.NodeHealth;

/**
 * Whether a node should receive traffic: it knows a leader, has heard from it recently, and has applied nearly
 * everything that leader last said was committed. Decided from the node's own {@link NodeHealth}, without asking
 * any other node, so that a load balancer's probe costs one local message.
 */
final class Readiness {

  private Readiness() {}

  /** Why {@code health} is not ready under {@code settings}, or null when it is. */
  static String problem(NodeHealth health, HttpSettings settings) {
    if (health.recovering()) {
      return "the node is still replaying its journal";
    }
    if (health.leaderId() == null) {
      return "no leader is known (an election is under way, or this node is cut off from a majority)";
    }
    long silence = settings.readyMaxLeaderSilence().toMillis();
    if (health.leaderContactAgeMillis() < 0 || health.leaderContactAgeMillis() > silence) {
      return "no word from the leader " + health.leaderId() + (health.leaderContactAgeMillis() < 0 ? " yet"
          : " for " + health.leaderContactAgeMillis() + " ms") + " (pekko-raft.http.ready.max-leader-silence = "
          + silence + " ms)";
    }
    long lag = health.leaderCommit() - health.lastApplied();
    if (lag > settings.readyMaxLag()) {
      return "applied index " + health.lastApplied() + " is " + lag + " entries behind the leader's commit index "
          + health.leaderCommit() + " (pekko-raft.http.ready.max-lag = " + settings.readyMaxLag() + ")";
    }
    return null;
  }
}
