package org.pekkoraft.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pekkoraft.security.CertificateRole;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    boolean discover = args.option("nodes").isEmpty();
    Optional<ApiNodes> api = ApiNodes.of(endpoints);
    if (api.isPresent()) {
      HttpStatus round = new HttpStatus(new ApiClient(endpoints.tls(), CertificateRole.CLIENT), api.get().urls(),
          timeout);
      return print(ClusterView.ask(round, endpoints.nodes(), discover), json, out);
    }
    endpoints.arteryOnly("(a node without an HTTP API this client knows of)");
    try (ClientSystem system = new ClientSystem(endpoints, timeout, timeout, CertificateRole.CLIENT)) {
      return print(ClusterView.ask(system, endpoints.nodes(), discover), json, out);
    }
  }

  private static int print(ClusterView view, boolean json, PrintStream out) {
    for (ClusterView.Node node : view.nodes()) {
      if (node.endpoint() != null) {
        out.println(json ? json(node.id(), node.endpoint(), node.status())
            : line(node.id(), node.endpoint(), node.status()));
      }
    }
    return view.answered().isEmpty() ? ExitCodes.NO_LEADER : ExitCodes.OK;
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

  static ArrayNode jsonList(Set<NodeId> ids) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    ids.stream().map(NodeId::value).sorted().forEach(list::add);
    return list;
  }

  static String json(NodeId id, String endpoint, NodeStatus s) {
    ObjectNode o = ApiClient.object();
    if (s == null) {
      o.put("node", id.value().equals(endpoint) ? null : id.value()).put("address", endpoint)
          .put("reachable", false);
      return o.toString();
    }
    o.put("node", s.nodeId().value()).put("address", "?".equals(s.address()) ? endpoint : s.address())
        .put("reachable", true).put("role", s.role().name()).put("term", s.term())
        .put("leader", s.leaderId() == null ? null : s.leaderId().value()).put("commitIndex", s.commitIndex())
        .put("lastApplied", s.lastApplied()).put("lastLogIndex", s.lastLogIndex())
        .put("snapshotIndex", s.snapshotIndex());
    o.set("voters", jsonList(s.voters()));
    o.set("learners", jsonList(s.learners()));
    o.put("configurationChanging", s.configurationChanging());
    return o.toString();
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
