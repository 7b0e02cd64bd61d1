package org.pekkoraft.node;

/**
 * What an initial member (a node in {@code pekko-raft.members}, not joining) does when it finds no data at all
 * (etcd's {@code initial-cluster-state}).
 */
public enum InitialClusterState {
  /** It is bootstrapping a brand-new cluster with the other members: it starts empty and records the cluster's id. */
  NEW,
  /**
   * The cluster already exists, so empty data means this member's disk was lost or replaced: it refuses to start,
   * because an empty member could vote twice in a term or help lose committed entries.
   */
  EXISTING
}
