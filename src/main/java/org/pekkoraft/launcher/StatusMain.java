package org.pekkoraft.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.node.NodeStatus;

/**
 * {@code raft status}: asks every node at once and prints one line per node, in the order of the configuration,
 * either {@link NodeStatus#line()} or {@code <id> <host:port> unreachable}; with {@code --json}, one JSON object
 * per line. Exit 0 when at least one node answered, else 3.
 */
final class StatusMain {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private StatusMain() {}

  static int run(Args args, PrintStream out) {
    Duration timeout = args.duration("timeout", DEFAULT_TIMEOUT);
    boolean json = args.flag("json");
    Endpoints endpoints = Endpoints.from(args.option("nodes"));
    try (ClientSystem system = new ClientSystem(endpoints, timeout, timeout)) {
      List<Answer> answers = ask(system.client(), endpoints.nodes());
      int answered = 0;
      for (Answer answer : answers) {
        NodeStatus status = answer.status().join();
        answered += status == null ? 0 : 1;
        out.println(json ? json(answer.id(), answer.endpoint(), status) : line(answer.id(), answer.endpoint(), status));
      }
      return answered > 0 ? ExitCodes.OK : ExitCodes.NO_LEADER;
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
    return status.line();
  }

  static String json(NodeId id, String endpoint, NodeStatus s) {
    if (s == null) {
      String name = id.value().equals(endpoint) ? "null" : quote(id.value());
      return "{\"node\":" + name + ",\"address\":" + quote(endpoint) + ",\"reachable\":false}";
    }
    return "{\"node\":" + quote(s.nodeId().value()) + ",\"address\":" + quote(s.address())
        + ",\"reachable\":true,\"role\":" + quote(s.role().name()) + ",\"term\":" + s.term()
        + ",\"leader\":" + (s.leaderId() == null ? "null" : quote(s.leaderId().value()))
        + ",\"commitIndex\":" + s.commitIndex() + ",\"lastApplied\":" + s.lastApplied()
        + ",\"lastLogIndex\":" + s.lastLogIndex() + ",\"snapshotIndex\":" + s.snapshotIndex() + "}";
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
