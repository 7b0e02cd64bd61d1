package org.pekkoraft.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.pekkoraft.core.ScenarioFormat.Args;

/**
 * Runs the commands of a scenario script against a cluster of cores, through the public API a host uses and
 * nothing else (the {@link Raft} constructor, its inputs, {@link Raft#ready()}, {@link Raft#persisted(long)} and
 * the queries; see {@link ScenarioHost}). Nothing happens on its own: every message stays in flight until a
 * script delivers or drops it, and every write stays outstanding until the script reports it durable. The
 * commands are listed in src/test/resources/testdata/README.md.
 */
final class ScenarioHarness {

  /** A mistake in the script itself (unknown command, bad argument), as opposed to anything the core did. */
  static final class ScriptError extends RuntimeException {
    ScriptError(String message) {
      super(message);
    }
  }

  private record InFlight(int id, NodeId to, RaftMessage message) {}

  private static final int STABILIZE_ROUNDS = 100;

  private RaftOptions options;
  private final Map<NodeId, ScenarioHost> hosts = new TreeMap<>();
  private final List<InFlight> inFlight = new ArrayList<>();
  private int nextMessageId = 1;
  /** Each node's side of the partition; null when the network is whole. */
  private Map<NodeId, Integer> partition;

  /**
   * Runs one command and returns what it printed, {@code ok} when nothing. An exception from the core is printed
   * as {@code error: ...}; a {@link ScriptError} is thrown.
   */
  List<String> run(String command, List<String> input) {
    List<String> out = new ArrayList<>();
    try {
      dispatch(new Args(command), input, out);
    } catch (ScriptError e) {
      throw e;
    } catch (RuntimeException e) {
      out.add("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return out.isEmpty() ? List.of("ok") : out;
  }

  private void dispatch(Args a, List<String> input, List<String> out) {
    switch (a.name) {
      case "create" -> create(a, input);
      case "add-node" -> addNode(a);
      case "restart" -> host(a, 0).restart(out);
      case "tick" -> host(a, 0).tick(a.positional.size() > 1 ? a.intAt(1) : 1, out);
      case "campaign" -> host(a, 0).campaign(out);
      case "deliver" -> deliver(a, out);
      case "drop" -> take(a).forEach(m -> out.add("drop " + header(m)));
      case "in-flight" -> inFlight.forEach(m -> out.add(ScenarioFormat.message(m.id(), m.to(), m.message())));
      case "partition" -> partition(a);
      case "heal" -> partition = null;
      case "persist-done" -> persistDone(host(a, 0), out);
      case "persist-all" -> hosts.values().forEach(h -> persistAll(h, out));
      case "flush" -> host(a, 0).flush(out);
      case "stabilize" -> stabilize(out);
      case "propose" -> a.positional.subList(1, a.positional.size()).forEach(d -> host(a, 0).propose(d, out));
      case "read-index" -> host(a, 0).readIndex(a.intAt(1), out);
      case "add-server", "remove-server", "change-voters", "transfer" ->
          host(a, 0).membership(a.name, a.positionalAt(1), a.positional.contains("voter"), out);
      case "snapshot" -> host(a, 0).snapshot(a.intAt(1), out);
      case "status" -> nodesOrAll(a).forEach(h -> out.add(h.id() + ": " + h.status()));
      case "log" -> nodesOrAll(a).forEach(h -> out.add(h.id() + " log: " + h.log()));
      default -> throw new ScriptError("unknown command '" + a.name + "'");
    }
  }

  // ---------------------------------------------------------------- servers

  /**
   * {@code create n1 n2 n3 [options]}: the named servers, all voters of the bootstrap configuration. Input lines
   * {@code n2 term=2 vote=n1 log=1,1,2 seed=7} give a server its recovered state (the log as entry terms, from
   * index 1) and the seed of its random source (default: its name's hash code).
   */
  private void create(Args a, List<String> input) {
    if (options != null) {
      throw new ScriptError("the cluster exists already; use add-node");
    }
    a.allowOnly(Set.of("election", "heartbeat", "max-entries", "max-bytes", "max-inflight", "pre-vote",
        "check-quorum"));
    int[] election = a.range("election", 10, 20);
    options = new RaftOptions(election[0], election[1], a.intOpt("heartbeat", 3), a.intOpt("max-entries", 512),
        a.intOpt("max-bytes", 128 * 1024), a.intOpt("max-inflight", 8), a.boolOpt("pre-vote"),
        a.boolOpt("check-quorum"));
    Map<String, Args> states = new HashMap<>();
    for (String line : input) {
      Args s = new Args(line);
      s.allowOnly(Set.of("term", "vote", "log", "seed"));
      states.put(s.name, s);
    }
    List<NodeId> voters = a.positional.stream().map(NodeId::of).toList();
    for (NodeId id : voters) {
      Args s = states.getOrDefault(id.value(), new Args(id.value()));
      add(id, s, initialState(s), Configuration.ofVoters(voters));
    }
  }

  /** Adds a server; {@code add-node n4} makes one with an empty log and no configuration, waiting to be added. */
  private void add(NodeId id, Args a, PersistentState state, Configuration bootstrap) {
    if (options == null) {
      throw new ScriptError("create the cluster first");
    }
    if (hosts.containsKey(id)) {
      throw new ScriptError("node " + id + " exists already");
    }
    long seed = a.intOpt("seed", id.value().hashCode());
    hosts.put(id, new ScenarioHost(id, options, seed, state, bootstrap, this::send));
  }

  private void addNode(Args a) {
    a.allowOnly(Set.of("seed"));
    add(a.node(0), a, new PersistentState(), Configuration.EMPTY);
  }

  private static PersistentState initialState(Args s) {
    PersistentState state = new PersistentState();
    long term = s.intOpt("term", 0);
    if (term > 0) {
      state.apply(new RaftEvent.TermAdvanced(term));
    }
    if (s.options.containsKey("vote")) {
      state.apply(new RaftEvent.VoteCast(term, NodeId.of(s.options.get("vote"))));
    }
    List<LogEntry> entries = new ArrayList<>();
    for (String t : s.list("log")) {
      long index = entries.size() + 1;
      entries.add(new LogEntry.Command(index, Long.parseLong(t), 0, 0, 0, 0, ScenarioFormat.bytes("e" + index)));
    }
    if (!entries.isEmpty()) {
      state.apply(new RaftEvent.EntriesAppended(entries));
    }
    return state;
  }

  // ---------------------------------------------------------------- network

  /** Puts a message a host's Ready holds in flight, and numbers it. */
  private int send(Ready.Outbound o) {
    int id = nextMessageId++;
    inFlight.add(new InFlight(id, o.to(), o.message()));
    return id;
  }

  /** Delivers the matching messages that are in flight now; what they produce stays in flight. */
  private void deliver(Args a, List<String> out) {
    for (InFlight m : take(a)) {
      ScenarioHost to = hosts.get(m.to());
      if (to == null) {
        out.add("drop " + header(m) + " (no such node)");
      } else if (!connected(m.message().from(), m.to())) {
        out.add("drop " + header(m) + " (partitioned)");
      } else {
        out.add("deliver " + header(m));
        to.receive(m.message(), out);
      }
    }
  }

  /** Removes and returns the in-flight messages that match the filters: ids, from=, to=, type=. */
  private List<InFlight> take(Args a) {
    a.allowOnly(Set.of("from", "to", "type"));
    Set<Integer> ids = a.positional.stream().map(ScenarioHarness::messageId).collect(Collectors.toSet());
    Predicate<InFlight> match = m -> (ids.isEmpty() || ids.contains(m.id()))
        && a.matches("from", m.message().from().value()) && a.matches("to", m.to().value())
        && a.matches("type", ScenarioFormat.type(m.message()));
    List<InFlight> taken = inFlight.stream().filter(match).toList();
    inFlight.removeAll(taken);
    return taken;
  }

  private static String header(InFlight m) {
    return ScenarioFormat.header(m.id(), m.to(), m.message());
  }

  private static int messageId(String token) {
    try {
      return Integer.parseInt(token.startsWith("#") ? token.substring(1) : token);
    } catch (NumberFormatException e) {
      throw new ScriptError("not a message id: " + token);
    }
  }

  /** {@code partition n1 | n2 n3}: servers on different sides cannot talk; unnamed servers are alone. */
  private void partition(Args a) {
    partition = new HashMap<>();
    int side = 0;
    for (String token : a.positional) {
      if (token.equals("|")) {
        side++;
      } else {
        partition.put(host(NodeId.of(token)).id(), side);
      }
    }
  }

  private boolean connected(NodeId a, NodeId b) {
    return partition == null || (partition.containsKey(a) && partition.get(a).equals(partition.get(b)));
  }

  // ---------------------------------------------------------------- disk and flush

  private void persistDone(ScenarioHost h, List<String> out) {
    if (!h.persistDone(out)) {
      out.add(h.id() + ": no write in flight");
    }
  }

  /** Reports writes durable until none is outstanding (each report may hand out the next write). */
  private void persistAll(ScenarioHost h, List<String> out) {
    boolean reported;
    do {
      reported = h.persistDone(out);
    } while (reported);
  }

  /** Until nothing changes: report every write durable, flush where needed, deliver everything in flight. */
  private void stabilize(List<String> out) {
    for (int round = 0; round < STABILIZE_ROUNDS; round++) {
      int before = out.size();
      hosts.values().forEach(h -> persistAll(h, out));
      for (ScenarioHost h : hosts.values()) {
        if (h.raft().flushPending()) {
          out.add(h.id() + " flush");
          h.flush(out);
        }
      }
      deliver(new Args("deliver"), out);
      if (out.size() == before) {
        return;
      }
    }
    throw new ScriptError("stabilize did not settle in " + STABILIZE_ROUNDS + " rounds");
  }

  // ---------------------------------------------------------------- helpers

  private ScenarioHost host(Args a, int position) {
    return host(a.node(position));
  }

  private ScenarioHost host(NodeId id) {
    ScenarioHost h = hosts.get(id);
    if (h == null) {
      throw new ScriptError("no node " + id);
    }
    return h;
  }

  private List<ScenarioHost> nodesOrAll(Args a) {
    if (a.positional.isEmpty()) {
      return List.copyOf(hosts.values());
    }
    return a.positional.stream().map(n -> host(NodeId.of(n))).toList();
  }
}
