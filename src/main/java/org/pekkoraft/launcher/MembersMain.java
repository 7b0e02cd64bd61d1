package org.pekkoraft.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pekkoraft.security.CertificateRole;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.protocol.NodeStatus;

/**
 * {@code raft members}: the configuration as the leader sees it, one line per member:
 * {@code <id> <host:port> voter|learner [leader]}, voters first, each group by id; a member whose address this
 * client does not know shows {@code ?}. A final line says when a change is still in progress. With {@code --json},
 * one object. Exit 0, or 3 when no leader answered within {@code --timeout}.
 */
final class MembersMain {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);

  private MembersMain() {}

  static int run(Args args, PrintStream out) {
    Duration timeout = args.duration("timeout", DEFAULT_TIMEOUT);
    Endpoints endpoints = Endpoints.from(args.option("nodes"));
    boolean discover = args.option("nodes").isEmpty();
    Optional<ApiNodes> api = ApiNodes.of(endpoints);
    if (api.isPresent()) {
      HttpStatus round = new HttpStatus(new ApiClient(endpoints.tls(), CertificateRole.CLIENT), api.get().urls(),
          ClientMain.min(STATUS_TIMEOUT, timeout));
      return print(round, endpoints, discover, timeout, args.flag("json"), out);
    }
    endpoints.arteryOnly("(a node without an HTTP API this client knows of)");
    try (ClientSystem system = new ClientSystem(endpoints, ClientMain.min(STATUS_TIMEOUT, timeout), timeout,
        CertificateRole.CLIENT)) {
      return print(ClusterView.artery(system), endpoints, discover, timeout, args.flag("json"), out);
    }
  }

  private static int print(ClusterView.StatusRound round, Endpoints endpoints, boolean discover, Duration timeout,
      boolean json, PrintStream out) {
    ClusterView view = ClusterProbe.poll(timeout, () -> {
      ClusterView v = ClusterView.ask(round, endpoints.nodes(), discover);
      return v.leader().isPresent() ? v : null;
    }).orElseThrow(() -> new LauncherException(ExitCodes.NO_LEADER, "no leader answered within "
        + timeout.toMillis() + " ms (asked " + String.join(", ", endpoints.nodes().values()) + ")"));
    NodeStatus leader = view.leader().orElseThrow();
    if (json) {
      out.println(json(view, leader));
    } else {
      lines(view, leader).forEach(out::println);
    }
    return ExitCodes.OK;
  }

  static List<String> lines(ClusterView view, NodeStatus leader) {
    List<String> lines = new ArrayList<>();
    for (NodeId id : leader.voters()) {
      lines.add(id + " " + address(view, id) + " voter" + (id.equals(leader.nodeId()) ? " leader" : ""));
    }
    for (NodeId id : leader.learners()) {
      lines.add(id + " " + address(view, id) + " learner");
    }
    if (leader.configurationChanging()) {
      lines.add("(a configuration change is in progress; " + leader.nodeId() + " leads in term " + leader.term()
          + ")");
    }
    return lines;
  }

  static String json(ClusterView view, NodeStatus leader) {
    ObjectNode o = ApiClient.object().put("leader", leader.nodeId().value()).put("term", leader.term());
    o.set("voters", members(view, leader.voters()));
    o.set("learners", members(view, leader.learners()));
    return o.put("configurationChanging", leader.configurationChanging()).toString();
  }

  private static ArrayNode members(ClusterView view, Set<NodeId> ids) {
    ArrayNode members = JsonNodeFactory.instance.arrayNode();
    for (NodeId id : ids) {
      members.addObject().put("node", id.value()).put("address", view.endpoint(id).orElse(null));
    }
    return members;
  }

  private static String address(ClusterView view, NodeId id) {
    return view.endpoint(id).orElse("?");
  }
}
