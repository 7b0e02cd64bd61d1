package org.pekkoraft.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * The host of one core in a scenario: its disk, its state machine and the inputs a script gives it. It carries out
 * each {@link Ready} as a driver would, except that a write stays outstanding until {@link #persistDone} and
 * messages go to the scenario's network, and it prints what the Ready held.
 *
 * <p>The disk is the {@link PersistentState} folded from the writes reported durable, so {@link #restart} loses
 * exactly the outstanding write. The state machine is the list of applied command payloads; a snapshot's data is
 * that list, comma-separated.
 */
final class ScenarioHost {

  private final NodeId id;
  private final RaftOptions options;
  private final long seed;
  private final Configuration bootstrap;
  /** Puts a message in flight and returns its id. */
  private final ToIntFunction<Ready.Outbound> network;
  private final PersistentState disk;
  private Raft raft;
  private Ready.Write writing;
  private final List<String> applied = new ArrayList<>();
  private long lastApplied;
  /** Whether the last Ready asked for a flush: the request is printed when it turns on, not on every Ready. */
  private boolean flushAsked;
  /** The state line printed last, so that a change prints a new one. */
  private String shownState;

  ScenarioHost(NodeId id, RaftOptions options, long seed, PersistentState state, Configuration bootstrap,
      ToIntFunction<Ready.Outbound> network) {
    this.id = id;
    this.options = options;
    this.seed = seed;
    this.bootstrap = bootstrap;
    this.network = network;
    this.disk = state;
    start();
  }

  NodeId id() {
    return id;
  }

  Raft raft() {
    return raft;
  }

  /** Recovers from the disk (the outstanding write is lost) with the same seed, as a new incarnation. */
  void restart(List<String> out) {
    start();
    out.add(id + " restarted: " + status());
  }

  private void start() {
    raft = new Raft(id, options, new SplittableRandom(seed), disk.copy(), bootstrap);
    writing = null;
    flushAsked = false;
    restore(disk.snapshot());
    shownState = ScenarioFormat.state(raft);
  }

  // ---------------------------------------------------------------- inputs

  void tick(int ticks, List<String> out) {
    for (int i = 1; i <= ticks; i++) {
      raft.tick();
      List<String> lines = new ArrayList<>();
      ready(lines);
      if (ticks > 1 && !lines.isEmpty()) {
        out.add("tick " + i + ":");
      }
      out.addAll(lines);
    }
  }

  /** Ticks until the election timer fires: until a tick changes the role, term or leader, or gives work. */
  void campaign(List<String> out) {
    if (raft.role() == Role.LEADER) {
      throw new ScenarioHarness.ScriptError(id + " is the leader");
    }
    int limit = options.electionTimeoutMaxTicks();
    for (int i = 1; i <= limit; i++) {
      String before = shownState;
      raft.tick();
      List<String> lines = new ArrayList<>();
      ready(lines);
      if (!lines.isEmpty() || !before.equals(shownState)) {
        out.add(id + " election timeout after " + i + " ticks");
        out.addAll(lines);
        return;
      }
    }
    out.add(id + " did not campaign in " + limit + " ticks");
  }

  void receive(RaftMessage message, List<String> out) {
    raft.receive(message);
    ready(out);
  }

  /** Reports the outstanding write durable; false when there is none. */
  boolean persistDone(List<String> out) {
    if (writing == null) {
      return false;
    }
    Ready.Write done = writing;
    writing = null;
    done.events().forEach(disk::apply);
    out.add(id + " write " + done.id() + " durable");
    raft.persisted(done.id());
    ready(out);
    return true;
  }

  void flush(List<String> out) {
    raft.flush();
    ready(out);
  }

  void propose(String data, List<String> out) {
    long index = raft.proposeCommand(0, 0, 0, 0, data.getBytes(StandardCharsets.UTF_8));
    out.add(id + " propose \"" + data + "\": " + (index < 0 ? "refused" : "index " + index));
    ready(out);
  }

  void readIndex(long readId, List<String> out) {
    if (!raft.readIndex(readId)) {
      out.add(id + " read-index " + readId + ": refused");
    }
    ready(out);
  }

  /** {@code add-server}, {@code remove-server}, {@code change-voters} or {@code transfer}, with its argument. */
  void membership(String command, String argument, boolean asVoter, List<String> out) {
    String why = switch (command) {
      case "add-server" -> raft.addServer(NodeId.of(argument), "host-" + argument, asVoter);
      case "remove-server" -> raft.removeServer(NodeId.of(argument));
      case "change-voters" -> raft.changeVoters(
          Arrays.stream(argument.split(",")).map(NodeId::of).collect(Collectors.toSet()));
      case "transfer" -> raft.transferLeadership(NodeId.of(argument));
      default -> throw new ScenarioHarness.ScriptError("unknown membership command " + command);
    };
    out.add(id + " " + command + " " + argument + ": " + (why == null ? "ok" : "refused: " + why));
    ready(out);
  }

  /** Snapshots the state machine at {@code index}, which it must have applied, and hands it to the core. */
  void snapshot(long index, List<String> out) {
    if (index > lastApplied) {
      throw new ScenarioHarness.ScriptError(id + " has applied only up to " + lastApplied);
    }
    String data = String.join(",", applied.subList(0, appliedCountAt(index)));
    SnapshotMeta meta = new SnapshotMeta(index, raft.log().termAt(index), raft.configurationAt(index));
    raft.snapshotTaken(new Snapshot(meta, data.getBytes(StandardCharsets.UTF_8)));
    ready(out);
  }

  // ---------------------------------------------------------------- queries

  String status() {
    return ScenarioFormat.status(raft, lastApplied);
  }

  String log() {
    RaftLog log = raft.log();
    return ScenarioFormat.entryIds(log.slice(log.firstIndex(), Integer.MAX_VALUE, Long.MAX_VALUE))
        + " commit=" + raft.commitIndex();
  }

  // ---------------------------------------------------------------- carrying out a Ready

  /** Takes the Ready, carries it out in the documented order and prints each part that is not empty. */
  private void ready(List<String> out) {
    Ready r = raft.ready();
    String state = ScenarioFormat.state(raft);
    if (!state.equals(shownState)) {
      out.add(id + " is now " + state);
      shownState = state;
    }
    if (r.write() != null) {
      if (writing != null) {
        out.add(id + " BUG: write " + r.write().id() + " handed out while write " + writing.id() + " is in flight");
      }
      writing = r.write();
      out.add(id + " write " + writing.id() + ": " + ScenarioFormat.events(writing.events()));
    }
    for (Ready.Outbound o : r.messages()) {
      out.add(ScenarioFormat.message(network.applyAsInt(o), o.to(), o.message()));
    }
    if (r.snapshotToRestore() != null) {
      restore(r.snapshotToRestore());
      out.add(id + " restore " + ScenarioFormat.snapshot(r.snapshotToRestore()) + " "
          + ScenarioFormat.configuration(r.snapshotToRestore().meta().configuration()) + " data=\""
          + new String(r.snapshotToRestore().data(), StandardCharsets.UTF_8) + "\"");
    }
    if (!r.committedEntries().isEmpty()) {
      out.add(id + " apply " + r.committedEntries().stream().map(this::apply).collect(Collectors.joining(", ")));
    }
    r.readsReady().forEach(s -> out.add(id + " read-ready " + s.readId() + " at " + s.readIndex()));
    r.readsRejected().forEach(readId -> out.add(id + " read-rejected " + readId));
    if (r.flushNeeded() && !flushAsked) {
      out.add(id + " flush-needed");
    }
    flushAsked = r.flushNeeded();
  }

  /** Applies one committed entry and returns its text; an entry out of order is reported, not applied. */
  private String apply(LogEntry e) {
    if (e.index() != lastApplied + 1) {
      return "BUG: " + ScenarioFormat.entry(e) + " handed out after " + lastApplied;
    }
    lastApplied = e.index();
    if (e instanceof LogEntry.Command c) {
      applied.add(new String(c.data(), StandardCharsets.UTF_8) + ":" + e.index());
    }
    return ScenarioFormat.entry(e);
  }

  private void restore(Snapshot s) {
    applied.clear();
    String data = new String(s.data(), StandardCharsets.UTF_8);
    if (!data.isEmpty()) {
      applied.addAll(List.of(data.split(",")));
    }
    lastApplied = s.lastIncludedIndex();
  }

  /** How many applied commands have an index at or below {@code index} (each is recorded as data:index). */
  private int appliedCountAt(long index) {
    int n = 0;
    while (n < applied.size() && Long.parseLong(applied.get(n).substring(applied.get(n).lastIndexOf(':') + 1))
        <= index) {
      n++;
    }
    return n;
  }
}
