package org.pekkoraft.launcher;

import org.pekkoraft.security.CertificateRole;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.NodeStatus;
import org.pekkoraft.node.RaftSettings;
import org.pekkoraft.node.RaftSettingsException;

/**
 * {@code raft add-member|remove-member|transfer-leader}: one operator request to the leader, which validates it
 * (refusing with a reason and changing nothing, or carrying it out) and answers once it has completed. Prints the
 * leader's answer; exit 0 done, 1 refused, 2 usage error, 3 no leader or no answer within {@code --timeout}.
 */
final class AdminMain {

  /** A new member first catches up as a learner, which can take seconds; the default is generous. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** How long to wait for one node's status while looking for the leader. */
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);
  /** After a transfer, how long to look for the new leader before saying nothing about it. */
  private static final Duration NEW_LEADER_TIMEOUT = Duration.ofSeconds(5);

  private AdminMain() {}

  static int run(String command, Args args, PrintStream out, PrintStream err) {
    Duration timeout = args.duration("timeout", DEFAULT_TIMEOUT);
    NodeId node = args.nodeId(command.equals("transfer-leader") ? "to" : "id");
    Optional<String> address = args.option("address");
    if (command.equals("add-member")) {
      checkAddress(args, address);
    }
    Endpoints endpoints = Endpoints.from(args.option("nodes"));
    boolean discover = args.option("nodes").isEmpty();
    try (ClientSystem system = new ClientSystem(endpoints, ClientMain.min(STATUS_TIMEOUT, timeout), timeout,
        CertificateRole.ADMIN)) {
      Admin admin = new Admin(system, endpoints.nodes(), discover, new Progress(err));
      switch (command) {
        case "add-member":
          out.println(admin.send(timeout, c -> c.addMember(node, address.get(), !args.flag("learner"))));
          return ExitCodes.OK;
        case "remove-member":
          out.println(admin.send(timeout, c -> c.removeMember(node)));
          return ExitCodes.OK;
        case "transfer-leader":
          out.println(admin.send(timeout, c -> c.transferLeadership(node)));
          newLeader(system, endpoints, discover).ifPresent(out::println);
          return ExitCodes.OK;
        default:
          throw new IllegalArgumentException("not an admin command: " + command);
      }
    }
  }

  private static void checkAddress(Args args, Optional<String> address) {
    if (address.isEmpty()) {
      throw args.usage("'add-member' needs --address HOST:PORT, the new node's Artery endpoint");
    }
    try {
      RaftSettings.checkEndpoint("--address", address.get());
    } catch (RaftSettingsException e) {
      throw args.usage(e.getMessage());
    }
  }

  /** Who leads after a transfer, as the nodes report it once they agree; empty if that takes too long. */
  private static Optional<String> newLeader(ClientSystem system, Endpoints endpoints, boolean discover) {
    return ClusterProbe.poll(NEW_LEADER_TIMEOUT, () -> {
      ClusterView view = ClusterView.ask(system, endpoints.nodes(), discover);
      Optional<NodeStatus> leader = view.leader();
      boolean settled = leader.isPresent() && view.answered().stream()
          .filter(s -> s.role() != Role.LEADER && s.term() == leader.get().term())
          .allMatch(s -> leader.get().nodeId().equals(s.leaderId()));
      return settled ? "the leader is now " + leader.get().nodeId() + " (term " + leader.get().term() + ")" : null;
    });
  }
}
