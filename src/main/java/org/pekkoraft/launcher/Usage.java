package org.pekkoraft.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every subcommand's {@link CommandSpec} and help text, and the overall usage. */
final class Usage {

  private static final String CLIENT_OPTIONS = """
        --nodes H:P,...   the nodes to talk to (default: pekko-raft.members in conf/common.conf); the client
                          follows leader hints from there
        --timeout D       give up when no leader answers within D (default 5s; e.g. 500ms, 2.5s)
      """;
  private static final String BYTES_OPTIONS = """
      options:
        --hex             keys and values in the arguments, and those printed, are hex (e.g. 8062696e);
                          without it they are text (UTF-8)
        --base64          the same in base64 (the standard alphabet)
      """;
  private static final String FROM_FILE = """
        --from-file PATH  read VALUE from the file (- for standard input), as bytes; VALUE is then not given
      """;

  private static final Map<String, CommandSpec> COMMANDS = new LinkedHashMap<>();

  static {
    add(new CommandSpec("node", "[--id N] [--config FILE] [--join] [--initial-cluster-state new|existing]"
        + " [--initial-cluster-token T]", "Run one node in the foreground.", """
        options:
          --id N          run node-N from conf/node-N.conf
          --config FILE   read this configuration file instead (it names the node in pekko-raft.node-id;
                          with --id too, both must agree)
          --join          start with an empty configuration and wait to be added by the leader
                          (raft add-member); only for an empty data directory. conf/node-4.conf and
                          conf/node-5.conf set this already: they are not initial voters.
          --initial-cluster-state new|existing
                          for an initial member with an empty data directory: 'new' bootstraps a new cluster
                          (give it to every member on their first start); 'existing' (the default) refuses to
                          start, since empty data then means a lost disk. Ignored once the node has data.
          --initial-cluster-token T
                          with 'new': mixed into the new cluster's id (use one value per cluster, the same on
                          every member; default pekko-raft.initial-cluster-token)

        Logs go to stdout and to <data-dir>/node.log. Ctrl-C or SIGTERM shuts the node down cleanly (exit 0).
        exit codes: 0 stopped cleanly, 2 configuration error (port in use, data directory locked by another node,
        malformed or invalid configuration, --join on a data directory that holds a log, an initial member with
        an empty data directory without --initial-cluster-state new; nothing was written), 4 the node stopped on
        a failure
        """, Set.of("join"), Set.of("id", "config", "initial-cluster-state", "initial-cluster-token"), 0, 0));
    add(new CommandSpec("cluster", "[--nodes N]", "Run nodes node-1..node-N from conf/ as local processes.", """
        options:
          --nodes N   how many nodes to start (default 3); conf/node-1.conf .. conf/node-N.conf must exist

        Prints where each node logs, waits for a leader, and runs until Ctrl-C, which stops every node. Nodes that
        are not initial voters (not in pekko-raft.members, such as node-4 and node-5) start empty and are then
        added as voters through Raft, one at a time, as 'raft add-member' would.
        """, Set.of(), Set.of("nodes"), 0, 0));
    add(new CommandSpec("certs", "[--renew NAME]", "Create the cluster's CA and the certificates of node-1..5,"
        + " a client and an admin.", """
        options:
          --renew NAME   issue NAME (node-N, client or admin) a new key and certificate in place; a running node
                         uses them for new connections within 10 s

        Writes under certs/ (pekko-raft.security.certs-dir in conf/common.conf): ca/ (the authority's key and the
        cluster's secrets: keep it private), node-N/, client/ and admin/. Keeps whatever exists. bin/raft cluster
        and bin/raft demo run this on first use. See docs/security.md.
        exit codes: 0 done, 2 configuration or file error
        """, Set.of(), Set.of("renew"), 0, 0));
    add(new CommandSpec("put", "KEY VALUE | KEY --from-file PATH  [--hex|--base64] [--nodes H:P,...] [--timeout D]",
        "Set KEY to VALUE.", BYTES_OPTIONS + FROM_FILE + CLIENT_OPTIONS + "\n" + clientExit(null),
        Set.of("hex", "base64"), Set.of("from-file", "nodes", "timeout"), 1, 2));
    add(new CommandSpec("get", "KEY [--hex|--base64] [--nodes H:P,...] [--timeout D]",
        "Print the value of KEY (a linearizable read).", BYTES_OPTIONS + CLIENT_OPTIONS + """

        The value is printed as text if it is printable UTF-8 (tabs and line breaks included); any other value
        must be asked for with --hex or --base64 (exit 2 otherwise).

        """ + clientExit("not found"), Set.of("hex", "base64"), Set.of("nodes", "timeout"), 1, 1));
    add(new CommandSpec("delete", "KEY [--hex|--base64] [--nodes H:P,...] [--timeout D]", "Remove KEY.",
        BYTES_OPTIONS + CLIENT_OPTIONS + "\n" + clientExit("not found"), Set.of("hex", "base64"),
        Set.of("nodes", "timeout"), 1, 1));
    add(new CommandSpec("cas", "KEY EXPECTED NEW | --absent KEY NEW  [--from-file PATH] [--hex|--base64] ...",
        "Compare-and-set: set KEY to NEW only if its value is EXPECTED (with --absent: only if KEY is absent).",
        BYTES_OPTIONS + "  --absent          expect KEY to be absent instead of having a value\n"
            + "  --from-file PATH  read NEW from the file (- for standard input), as bytes; NEW is then not given\n"
            + CLIENT_OPTIONS + "\n" + clientExit("the current value did not match (it is printed)"),
        Set.of("absent", "hex", "base64"), Set.of("from-file", "nodes", "timeout"), 1, 3));
    add(new CommandSpec("range", "FROM [TO] | --prefix PREFIX  [--limit N] [--hex|--base64] [--nodes H:P,...]"
        + " [--timeout D]", "Print the keys in [FROM, TO) (or starting with PREFIX) and their values, in order.",
        BYTES_OPTIONS + """
          --prefix          the keys that start with PREFIX ('' for every key)
          --limit N         print at most N keys (default 1000); if more follow, stderr says so
        """ + CLIENT_OPTIONS + """

        One line per key: the key, a tab, the value. Without TO the range runs to the last key; FROM '' starts at
        the first. Read in pages of up to 10000 keys or 128 KiB, each a linearizable read (so a range read in
        several pages is not one snapshot). Text that does not fit on one line (a line break in a key or value, a
        tab in a key, or bytes that are not printable UTF-8) needs --hex or --base64: range stops there, exit 2.

        """ + clientExit(null), Set.of("prefix", "hex", "base64"), Set.of("limit", "nodes", "timeout"), 1, 2));
    add(new CommandSpec("txn", "[value KEY VALUE | absent KEY]... then [put KEY VALUE | delete KEY]... [else"
        + " ...]  [--hex|--base64] ...", "A transaction: if every compare holds, apply the operations after"
        + " 'then', else those after 'else', atomically.", BYTES_OPTIONS + CLIENT_OPTIONS + """

        'value KEY VALUE' holds when KEY has exactly VALUE, 'absent KEY' when KEY is absent. Operations apply in
        order. Prints OK when the compares held, else mismatch (exit 1; the 'else' operations were applied). At
        most 128 compares and 128 operations in each branch.
        example: raft txn value lock me then put owner me delete lock else put failed yes

        """ + clientExit("mismatch: a compare did not hold"), Set.of("hex", "base64"),
        Set.of("nodes", "timeout"), 1, Integer.MAX_VALUE));
    add(new CommandSpec("status", "[--json] [--nodes H:P,...] [--timeout D]",
        "Print one line per node: role, term, indexes, voters and learners, or 'unreachable'.", """
        options:
          --json            one JSON object per line instead
          --nodes H:P,...   the nodes to ask (default: pekko-raft.members in conf/common.conf, and members
                            added since whose conf/<id>.conf gives their address)
          --timeout D       how long to wait for each node (default 2s)

        exit codes: 0 at least one node answered, 2 usage or configuration error, 3 no node answered
        """, Set.of("json"), Set.of("nodes", "timeout"), 0, 0));
    AdminUsage.addTo(COMMANDS);
    add(new CommandSpec("demo", "", "Show a 3-node cluster surviving the loss of its leader and replacing a dead"
        + " member (under a minute).", """
        Starts 3 node processes on ports 2651-2653 with fresh data in data/demo/, writes and reads keys, kills the
        leader with SIGKILL, measures how long until a new leader acknowledges a write, reads back every
        acknowledged write, restarts the killed node and waits until it has caught up. Then replaces a member:
        kills a follower, removes it, and adds a fresh node-4 (port 2654) that catches up from a snapshot. Reads
        everything back, prints the final configuration and stops everything.
        exit codes: 0 PASS, 1 FAIL, 2 the demo ports are in use or the configuration is invalid
        """, Set.of(), Set.of(), 0, 0));
    add(new CommandSpec("bench", "[--clients 1,8,64] [--nodes 3|5|H:P,...] [--failover N] [--json] ...",
        "Measure write throughput, latency and failover time (fsync on).", """
        options:
          --clients N,...        closed-loop writer counts, one measured window each (default 1,8,64;
                                 none: no window)
          --nodes 3|5|H:P,...    start 3 or 5 nodes in this JVM over Artery (default 3), or measure a running
                                 cluster at these addresses (CPU and heap are then this client's)
          --keys N               writes pick keys at random from N keys (default 10000)
          --value-size B         bytes per value (default 100)
          --warmup-seconds S     writers run S seconds before each window (default 20: the JIT needs it)
          --seconds S            the measured window (default 10)
          --failover N           then kill the leader N times under 8 writers and report the time from the kill
                                 to the first write acknowledged by a new leader (nodes in this JVM only)
          --recovery N           then write N puts, stop a follower, report its journal and snapshot size,
                                 restart it and report how long until it has applied all committed entries
          --snapshot-every N     nodes snapshot every N applied entries (0: never; default: the node default,
                                 pekko-raft.snapshot.every-entries = 10000)
          --remote-clients       writers in their own ActorSystem over Artery, not in the leader's
          --batches-in-flight N  the writers' client sends concurrent writes in batches, at most N unanswered
                                 at once (default 0: every write is a request of its own)
          --plaintext            nodes and writers over plain TCP instead of mutual TLS (to measure what TLS
                                 costs; nodes in this JVM only)
          --json                 print the report as JSON on stdout (progress goes to stderr)

        A write counts when it is committed, applied and acknowledged. Nodes started here keep their journals
        under data/bench/, removed afterwards. See docs/performance.md for what the numbers mean.
        exit codes: 0 done, 2 usage error, 3 no leader, 4 the bench failed or a window had no write
        """, Set.of("json", "remote-clients", "plaintext"), Set.of("clients", "nodes", "keys", "value-size",
        "warmup-seconds", "seconds", "failover", "recovery", "snapshot-every", "batches-in-flight"), 0, 0));
  }

  private Usage() {}

  private static String clientExit(String codeOne) {
    return "exit codes: 0 done, " + (codeOne == null ? "" : "1 " + codeOne + ", ")
        + "2 usage or configuration error, 3 no leader reachable within --timeout\n";
  }

  private static void add(CommandSpec spec) {
    COMMANDS.put(spec.name(), spec);
  }

  static Optional<CommandSpec> command(String name) {
    return Optional.ofNullable(COMMANDS.get(name));
  }

  /** The overall usage: every subcommand with its summary. */
  static String overall() {
    StringBuilder text = new StringBuilder("""
        usage: raft COMMAND [ARGS]   (raft COMMAND --help for details)

        Raft consensus on Apache Pekko: run nodes of the replicated key-value service and talk to them.

        commands:
        """);
    for (CommandSpec spec : COMMANDS.values()) {
      text.append(String.format("  %-16s %s%n", spec.name(), spec.summary()));
    }
    text.append("""

        Configuration: conf/common.conf and conf/node-N.conf; data in data/ (both relative to the repository).
        exit codes: 0 done, 1 not found, cas mismatch or change refused, 2 usage or configuration error,
        3 no leader reachable, 4 a node failed
        """);
    return text.toString();
  }
}
