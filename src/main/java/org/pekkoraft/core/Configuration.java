package org.pekkoraft.core;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A cluster configuration: who votes and who only receives the log.
 *
 * <p>{@code voters} is the (new) voting set. {@code outgoingVoters} is empty except during joint consensus
 * (C<sub>old,new</sub> in the paper), when it holds the old voting set: then every election and every commit needs a
 * majority of <em>both</em> sets. {@code learners} receive entries but never vote and never count in a quorum.
 * {@code endpoints} maps members to where the transport reaches them; the core carries them along unread, so that
 * every server learns a new member's address from the log. Sets are kept sorted so that iteration order, and with
 * it every run of the simulator, is deterministic.
 */
public record Configuration(Set<NodeId> voters, Set<NodeId> learners, Set<NodeId> outgoingVoters,
    Map<NodeId, String> endpoints) {

  public Configuration {
    voters = sorted(voters);
    learners = sorted(learners);
    outgoingVoters = sorted(outgoingVoters);
    TreeMap<NodeId, String> kept = new TreeMap<>();
    if (endpoints != null) {
      for (Map.Entry<NodeId, String> e : endpoints.entrySet()) {
        NodeId id = e.getKey();
        if (voters.contains(id) || learners.contains(id) || outgoingVoters.contains(id)) {
          kept.put(id, e.getValue());
        }
      }
    }
    endpoints = Collections.unmodifiableSortedMap(kept);
    for (NodeId learner : learners) {
      if (voters.contains(learner) || outgoingVoters.contains(learner)) {
        throw new IllegalArgumentException("node " + learner + " cannot be both a voter and a learner");
      }
    }
  }

  public static final Configuration EMPTY = new Configuration(Set.of(), Set.of(), Set.of(), Map.of());

  public Configuration(Set<NodeId> voters, Set<NodeId> learners, Set<NodeId> outgoingVoters) {
    this(voters, learners, outgoingVoters, Map.of());
  }

  public static Configuration ofVoters(Collection<NodeId> voters) {
    return new Configuration(Set.copyOf(voters), Set.of(), Set.of());
  }

  /** The same membership with {@code id} reachable at {@code endpoint}. */
  public Configuration withEndpoint(NodeId id, String endpoint) {
    TreeMap<NodeId, String> next = new TreeMap<>(endpoints);
    next.put(id, endpoint);
    return new Configuration(voters, learners, outgoingVoters, next);
  }

  /** The same endpoints with a different membership; endpoints of servers that left are dropped. */
  public Configuration withMembers(Set<NodeId> newVoters, Set<NodeId> newLearners, Set<NodeId> newOutgoing) {
    return new Configuration(newVoters, newLearners, newOutgoing, endpoints);
  }

  public static Configuration ofVoters(NodeId... voters) {
    return ofVoters(List.of(voters));
  }

  public boolean isJoint() {
    return !outgoingVoters.isEmpty();
  }

  public boolean isEmpty() {
    return voters.isEmpty() && learners.isEmpty() && outgoingVoters.isEmpty();
  }

  /** Every server that takes part: voters of either set and learners, sorted. */
  public SortedSet<NodeId> members() {
    TreeSet<NodeId> all = new TreeSet<>(voters);
    all.addAll(outgoingVoters);
    all.addAll(learners);
    return Collections.unmodifiableSortedSet(all);
  }

  public boolean isVoter(NodeId id) {
    return voters.contains(id) || outgoingVoters.contains(id);
  }

  public boolean isLearner(NodeId id) {
    return learners.contains(id);
  }

  public boolean isMember(NodeId id) {
    return isVoter(id) || isLearner(id);
  }

  /** True when the servers accepted by {@code granted} form a majority of every voting set. */
  public boolean hasQuorum(Predicate<NodeId> granted) {
    return Quorum.hasMajority(voters, granted) && (!isJoint() || Quorum.hasMajority(outgoingVoters, granted));
  }

  /** True when the servers in {@code rejected} make a quorum impossible in at least one voting set. */
  public boolean quorumImpossible(Predicate<NodeId> rejected) {
    return Quorum.majorityImpossible(voters, rejected)
        || (isJoint() && Quorum.majorityImpossible(outgoingVoters, rejected));
  }

  /** The highest index held by a majority of every voting set, given each voter's match index. */
  public long committedIndex(ToLongFunction<NodeId> matchIndex) {
    long incoming = Quorum.majorityIndex(voters, matchIndex);
    return isJoint() ? Math.min(incoming, Quorum.majorityIndex(outgoingVoters, matchIndex)) : incoming;
  }

  /** The configuration that leaves joint consensus: the new voters only. */
  public Configuration leaveJoint() {
    return new Configuration(voters, learners, Set.of(), endpoints);
  }

  @Override
  public String toString() {
    String s = "voters=" + voters;
    if (isJoint()) {
      s += " outgoing=" + outgoingVoters;
    }
    return learners.isEmpty() ? s : s + " learners=" + learners;
  }

  private static Set<NodeId> sorted(Set<NodeId> ids) {
    return ids == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(ids));
  }
}
