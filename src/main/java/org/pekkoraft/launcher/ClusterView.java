package org.pekkoraft.launcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.NodeStatus;

/**
 * One round of status answers from a cluster: the nodes a client was told about, and then the members their
 * configurations name that it was not told about (such as a node added at run time), each asked at once. A member's
 * address comes from the client's list, or, with {@code discover}, from its {@code conf/<id>.conf}; a member whose
 * address is known nowhere is listed without one.
 *
 * @param nodes every node asked (configured ones first, in their order, then discovered ones by id), and members
 *     with no known address at the end
 */
record ClusterView(List<Node> nodes) {

  /**
   * One node.
   *
   * @param id its id (a node named by its endpoint in {@code --nodes} is renamed once it answers)
   * @param endpoint its "host:port", or null when unknown
   * @param status its answer, or null when it did not answer (or could not be asked)
   */
  record Node(NodeId id, String endpoint, NodeStatus status) {}

  /** Asks nodes for their status at once: over Artery ({@link #artery}) or HTTP ({@link HttpStatus}). */
  interface StatusRound {
    /** One node per entry of {@code endpoints} (id to Artery endpoint), in that order, with its answer or null. */
    List<Node> ask(Map<NodeId, String> endpoints);
  }

  /** Status rounds over Artery, through {@code system}. */
  static StatusRound artery(ClientSystem system) {
    return endpoints -> round(system, endpoints);
  }

  static ClusterView ask(ClientSystem system, Map<NodeId, String> endpoints, boolean discover) {
    return ask(artery(system), endpoints, discover);
  }

  /** Asks every node of {@code endpoints}, then every further member that their answers name. */
  static ClusterView ask(StatusRound round, Map<NodeId, String> endpoints, boolean discover) {
    List<Node> nodes = new ArrayList<>(round.ask(endpoints));
    Set<NodeId> members = new TreeSet<>();
    for (Node node : nodes) {
      if (node.status() != null) {
        members.addAll(node.status().voters());
        members.addAll(node.status().learners());
      }
    }
    Map<NodeId, String> more = new LinkedHashMap<>();
    List<Node> unknown = new ArrayList<>();
    for (NodeId id : members) {
      if (nodes.stream().anyMatch(n -> n.id().equals(id))) {
        continue;
      }
      Optional<String> endpoint = discover ? Endpoints.fromConfFile(id) : Optional.empty();
      if (endpoint.isPresent() && !endpoints.containsValue(endpoint.get())) {
        more.put(id, endpoint.get());
      } else if (endpoint.isEmpty()) {
        unknown.add(new Node(id, null, null));
      }
    }
    if (!more.isEmpty()) {
      nodes.addAll(round.ask(more));
    }
    nodes.addAll(unknown);
    return new ClusterView(List.copyOf(nodes));
  }

  private static List<Node> round(ClientSystem system, Map<NodeId, String> endpoints) {
    List<Node> nodes = new ArrayList<>();
    for (StatusMain.Answer answer : StatusMain.ask(system.clientFor(endpoints, system.deadline()), endpoints)) {
      NodeStatus status = answer.status().join();
      nodes.add(new Node(status == null ? answer.id() : status.nodeId(), answer.endpoint(), status));
    }
    return nodes;
  }

  /** The nodes that answered. */
  List<NodeStatus> answered() {
    return nodes.stream().map(Node::status).filter(s -> s != null).toList();
  }

  /** The node that leads in the highest term any answer has seen, if it answered. */
  Optional<NodeStatus> leader() {
    long term = answered().stream().mapToLong(NodeStatus::term).max().orElse(-1);
    return answered().stream().filter(s -> s.term() == term && s.role() == Role.LEADER).findFirst();
  }

  /** A node's endpoint, if known. */
  Optional<String> endpoint(NodeId id) {
    return nodes.stream().filter(n -> n.id().equals(id) && n.endpoint() != null).map(Node::endpoint).findFirst();
  }

  /**
   * Where to send a request meant for the leader: the leader itself, or else an answering node that knows of a
   * leader (it redirects there); empty while no answering node knows of one.
   */
  Optional<Node> leaderOrRedirect() {
    Optional<NodeStatus> leader = leader();
    return nodes.stream().filter(n -> n.status() != null && n.endpoint() != null)
        .filter(n -> leader.isPresent() ? n.status().equals(leader.get()) : n.status().leaderId() != null)
        .max(Comparator.comparingLong(n -> n.status().term()));
  }
}
