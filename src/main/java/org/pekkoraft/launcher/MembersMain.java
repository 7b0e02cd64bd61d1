package org.pekkoraft.launcher;

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
    try (ClientSystem system = new ClientSystem(endpoints, ClientMain.min(STATUS_TIMEOUT, timeout), timeout,
        CertificateRole.CLIENT)) {
      ClusterView view = ClusterProbe.poll(timeout, () -> {
        ClusterView v = ClusterView.ask(system, endpoints.nodes(), discover);
        return v.leader().isPresent() ? v : null;
      }).orElseThrow(() -> new LauncherException(ExitCodes.NO_LEADER, "no leader answered within "
          + timeout.toMillis() + " ms (asked " + String.join(", ", endpoints.nodes().values()) + ")"));
      NodeStatus leader = view.leader().orElseThrow();
      if (args.flag("json")) {
        out.println(json(view, leader));
      } else {
        lines(view, leader).forEach(out::println);
      }
      return ExitCodes.OK;
    }
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
    return "{\"leader\":" + StatusMain.quote(leader.nodeId().value()) + ",\"term\":" + leader.term()
        + ",\"voters\":" + members(view, leader.voters()) + ",\"learners\":" + members(view, leader.learners())
        + ",\"configurationChanging\":" + leader.configurationChanging() + "}";
  }

  private static String members(ClusterView view, Set<NodeId> ids) {
    List<String> objects = new ArrayList<>();
    for (NodeId id : ids) {
      Optional<String> address = view.endpoint(id);
      objects.add("{\"node\":" + StatusMain.quote(id.value()) + ",\"address\":"
          + address.map(StatusMain::quote).orElse("null") + "}");
    }
    return "[" + String.join(",", objects) + "]";
  }

  private static String address(ClusterView view, NodeId id) {
    return view.endpoint(id).orElse("?");
  }
}
