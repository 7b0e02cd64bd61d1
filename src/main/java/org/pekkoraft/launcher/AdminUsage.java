package org.pekkoraft.launcher;

import java.util.Map;
import java.util.Set;

/** The {@link CommandSpec}s and help texts of the membership commands: members, add/remove-member, transfer. */
final class AdminUsage {

  private static final String OPTIONS = """
        --nodes H:P,...   the nodes to look for the leader among (default: pekko-raft.members in
                          conf/common.conf, and members added since whose conf/<id>.conf gives their address)
      """;

  private static final String CHANGE_EXIT = """

      Prints the leader's answer. Membership is decided only through Raft: one change at a time, each validated
      by the leader, which refuses with a reason and changes nothing if the change is invalid.
      exit codes: 0 done, 1 refused (the reason is printed; nothing changed), 2 usage or configuration error,
      3 outcome unknown: no leader, no answer within --timeout (the change may still complete), or the leader
      lost its leadership before the change completed; check with raft members
      """;

  private AdminUsage() {}

  static void addTo(Map<String, CommandSpec> commands) {
    add(commands, new CommandSpec("members", "[--json] [--nodes H:P,...] [--timeout D]",
        "Print the voters and learners, as the leader sees them, and mark the leader.", """
        options:
          --json            one JSON object instead
        """ + OPTIONS + """
          --timeout D       give up when no leader answers within D (default 5s)

        One line per member: ID HOST:PORT voter|learner [leader] (? when this client does not know the address).
        exit codes: 0 done, 2 usage or configuration error, 3 no leader answered within --timeout
        """, Set.of("json"), Set.of("nodes", "timeout"), 0, 0));
    add(commands, new CommandSpec("add-member", "--id N --address HOST:PORT [--learner] [--nodes H:P,...]"
        + " [--timeout D]", "Add a node: a learner first, a voter once it has caught up (--learner: stays one).",
        """
        options:
          --id N            the new node: N means node-N (or give a node id such as node-4)
          --address H:P     its Artery endpoint, as the other nodes reach it (e.g. 127.0.0.1:2554)
          --learner         keep it a learner: it receives the log but never votes
        """ + OPTIONS + """
          --timeout D       how long to wait for the change to complete (default 30s: the new node must first
                            catch up with the leader, from a snapshot if the log has been compacted)

        Start the new node first with an empty data directory: raft node --id N --join.
        """ + CHANGE_EXIT, Set.of("learner"), Set.of("id", "address", "nodes", "timeout"), 0, 0));
    add(commands, new CommandSpec("remove-member", "--id N [--nodes H:P,...] [--timeout D]",
        "Remove a voter or learner (it may be dead); refused for the last voter.", """
        options:
          --id N            the node to remove: N means node-N (or give a node id)
        """ + OPTIONS + """
          --timeout D       how long to wait for the change to complete (default 30s)

        A removed node that still runs stops taking part; stop it and delete its data directory.
        """ + CHANGE_EXIT, Set.of(), Set.of("id", "nodes", "timeout"), 0, 0));
    add(commands, new CommandSpec("transfer-leader", "--to N [--nodes H:P,...] [--timeout D]",
        "Hand leadership to another voter that is up to date.", """
        options:
          --to N            the voter to lead next: N means node-N (or give a node id)
        """ + OPTIONS + """
          --timeout D       how long to wait (default 30s); the transfer itself is abandoned by the leader if
                            the target has not taken over within an election timeout

        Refused for a node that is not a voter, is lagging, or already leads. Prints the new leader once the
        nodes agree on it.
        """ + CHANGE_EXIT, Set.of(), Set.of("to", "nodes", "timeout"), 0, 0));
  }

  private static void add(Map<String, CommandSpec> commands, CommandSpec spec) {
    commands.put(spec.name(), spec);
  }
}
