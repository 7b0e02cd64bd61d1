package org.pekkoraft.core;

/** The three server states of the paper. A pre-vote round is part of being a candidate. */
public enum Role {
  FOLLOWER,
  CANDIDATE,
  LEADER
}
