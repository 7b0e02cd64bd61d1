package org.pekkoraft.launcher;

import org.pekkoraft.security.CertificateRole;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.protocol.NodeStatus;

/**
 * {@code raft status}: asks every node at once and prints one line per node, in the order of the configuration,
 * then members the nodes' configurations name beyond it (whose address is in {@code conf/<id>.conf}): either
 * {@link NodeStatus#line()} followed by the node's view of the voters and learners, or
 * {@code <id> <host:port> unreachable}; with {@code --json}, one JSON object per line. Exit 0 when at least one
 * node answered, else 3.
 */
final class StatusMain {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private StatusMain() {}

  static int run(Args args, PrintStream out) {
    Duration timeout = args.duration("timeout", DEFAULT_TIMEOUT);
    boolean json = args.flag("json");
    Endpoints endpoints = Endpoints.from(args.option("nodes"));
    try (ClientSystem system = new ClientSystem(endpoints, timeout, timeout, CertificateRole.CLIENT)) {
      ClusterView view = ClusterView.ask(system, endpoints.nodes(), args.option("nodes").isEmpty());
      for (ClusterView.Node node : view.nodes()) {
        if (node.endpoint() != null) {
          out.println(json ? json(node.id(), node.endpoint(), node.status())
              : line(node.id(), node.endpoint(), node.status()));
        }
      }
      return view.answered().isEmpty() ? ExitCodes.NO_LEADER : ExitCodes.OK;
    }
  }

  /** One node's status, completed with null if it did not answer within the client's attempt timeout. */
  record Answer(NodeId id, String endpoint, CompletableFuture<NodeStatus> status) {}

  static List<Answer> ask(RaftClient client, Map<NodeId, String> nodes) {
    List<Answer> answers = new ArrayList<>();
    for (Map.Entry<NodeId, String> node : nodes.entrySet()) {
      CompletableFuture<NodeStatus> status = client.status(node.getKey()).toCompletableFuture()
          .exceptionally(error -> null);
      answers.add(new Answer(node.getKey(), node.getValue(), status));
    }
    return answers;
  }

  static String line(NodeId id, String endpoint, NodeStatus status) {
    if (status == null) {
      // A node named by its endpoint (--nodes) is shown once, not as "host:port host:port".
      return (id.value().equals(endpoint) ? "" : id + " ") + endpoint + " unreachable";
    }
    String line = status.line();
    // A node not yet added does not know its own address; the one it was asked at is as good.
    String unknown = status.nodeId() + " ? ";
    if (line.startsWith(unknown)) {
      line = status.nodeId() + " " + endpoint + " " + line.substring(unknown.length());
    }
    return line + " voters=" + list(status.voters()) + " learners=" + list(status.learners());
  }

  /** {@code [node-1,node-2]}: sorted, without spaces, so that a line splits on spaces into key=value fields. */
  static String list(Set<NodeId> ids) {
    return ids.stream().map(NodeId::value).sorted().collect(Collectors.joining(",", "[", "]"));
  }

  static String jsonList(Set<NodeId> ids) {
    return ids.stream().map(id -> quote(id.value())).sorted().collect(Collectors.joining(",", "[", "]"));
  }

  static String json(NodeId id, String endpoint, NodeStatus s) {
    if (s == null) {
      String name = id.value().equals(endpoint) ? "null" : quote(id.value());
      return "{\"node\":" + name + ",\"address\":" + quote(endpoint) + ",\"reachable\":false}";
    }
    String address = "?".equals(s.address()) ? endpoint : s.address();
    return "{\"node\":" + quote(s.nodeId().value()) + ",\"address\":" + quote(address)
        + ",\"reachable\":true,\"role\":" + quote(s.role().name()) + ",\"term\":" + s.term()
        + ",\"leader\":" + (s.leaderId() == null ? "null" : quote(s.leaderId().value()))
        + ",\"commitIndex\":" + s.commitIndex() + ",\"lastApplied\":" + s.lastApplied()
        + ",\"lastLogIndex\":" + s.lastLogIndex() + ",\"snapshotIndex\":" + s.snapshotIndex()
        + ",\"voters\":" + jsonList(s.voters()) + ",\"learners\":" + jsonList(s.learners())
        + ",\"configurationChanging\":" + s.configurationChanging() + "}";
  }

  static String quote(String text) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        q.append('\\').append(c);
      } else if (c < 0x20) {
        q.append(String.format("\\u%04x", (int) c));
      } else {
        q.append(c);
      }
    }
    return q.append('"').toString();
  }
}
