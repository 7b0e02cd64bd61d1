package org.pekkoraft.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.pekkoraft.core.RaftMessage.AppendEntries;
import org.pekkoraft.core.RaftMessage.AppendEntriesResult;
import org.pekkoraft.core.RaftMessage.InstallSnapshot;
import org.pekkoraft.core.RaftMessage.InstallSnapshotResult;
import org.pekkoraft.core.RaftMessage.RequestVote;
import org.pekkoraft.core.RaftMessage.RequestVoteResult;
import org.pekkoraft.core.RaftMessage.TimeoutNow;

/**
 * The text of scenarios (see src/test/resources/testdata/README.md): the words of a command line going in, and
 * the compact text of core values coming out. Every method returns one line without a trailing newline; the
 * text depends only on the value, so golden files stay stable.
 */
final class ScenarioFormat {

  private ScenarioFormat() {}

  /** A message in flight as {@code n1->n2 #7 AppendEntries term=2 prev=3@1 entries=[4@2] commit=3 seq=0}. */
  static String message(int id, NodeId to, RaftMessage m) {
    return header(id, to, m) + " " + body(m);
  }

  /** Just who, which and what: {@code n1->n2 #7 AppendEntries}, for messages delivered or dropped. */
  static String header(int id, NodeId to, RaftMessage m) {
    return m.from() + "->" + to + " #" + id + " " + type(m);
  }

  /** The message's type as printed, which is also the name a script's {@code type=} filter matches. */
  static String type(RaftMessage m) {
    if (m instanceof RequestVote v) {
      return v.preVote() ? "PreVote" : "RequestVote";
    }
    if (m instanceof RequestVoteResult r) {
      return r.preVote() ? "PreVoteResult" : "RequestVoteResult";
    }
    return m.getClass().getSimpleName();
  }

  private static String body(RaftMessage m) {
    String head = "term=" + m.term();
    if (m instanceof RequestVote v) {
      return head + " last=" + v.lastLogIndex() + "@" + v.lastLogTerm() + (v.leadershipTransfer() ? " transfer" : "");
    }
    if (m instanceof RequestVoteResult r) {
      return head + (r.voteGranted() ? " granted" : " rejected");
    }
    if (m instanceof AppendEntries a) {
      return head + " prev=" + a.prevLogIndex() + "@" + a.prevLogTerm() + " entries=" + entryIds(a.entries())
          + " commit=" + a.leaderCommit() + " seq=" + a.seq();
    }
    if (m instanceof AppendEntriesResult r) {
      return head + (r.success() ? " ok match=" + r.matchIndex()
          : " reject at=" + r.rejectedIndex() + " hint=" + r.conflictIndex() + "@" + r.conflictTerm())
          + " seq=" + r.seq();
    }
    if (m instanceof InstallSnapshot s) {
      return head + " last=" + s.lastIncludedIndex() + "@" + s.lastIncludedTerm() + " offset=" + s.offset()
          + " bytes=" + s.data().length + "/" + s.totalSize() + (s.done() ? " done" : "");
    }
    if (m instanceof InstallSnapshotResult r) {
      return head + " last=" + r.lastIncludedIndex() + " next=" + r.nextOffset() + (r.installed() ? " installed" : "");
    }
    if (m instanceof TimeoutNow) {
      return head;
    }
    throw new IllegalArgumentException("unknown message " + m);
  }

  /** Entries by position and kind: {@code [4@2,5@2/noop,6@2/conf]}; plain commands carry no suffix. */
  static String entryIds(List<LogEntry> entries) {
    return entries.stream().map(ScenarioFormat::entryId).collect(Collectors.joining(",", "[", "]"));
  }

  static String entryId(LogEntry e) {
    String id = e.index() + "@" + e.term();
    if (e instanceof LogEntry.NoOp) {
      return id + "/noop";
    }
    if (e instanceof LogEntry.ConfigChange) {
      return id + "/conf";
    }
    if (e instanceof LogEntry.RegisterClient) {
      return id + "/register";
    }
    return id;
  }

  /** An entry with its content: {@code 5@2 "x"}, {@code 4@2 noop}, {@code 6@2 conf voters=n1,n2}. */
  static String entry(LogEntry e) {
    String id = e.index() + "@" + e.term();
    if (e instanceof LogEntry.Command c) {
      return id + " \"" + new String(c.data(), StandardCharsets.UTF_8) + "\"";
    }
    if (e instanceof LogEntry.ConfigChange c) {
      return id + " conf " + configuration(c.configuration());
    }
    if (e instanceof LogEntry.NoOp) {
      return id + " noop";
    }
    return id + " register";
  }

  /** A write's events, in order: {@code term=2, vote=n1, append [4@2,5@2], truncate 4}. */
  static String events(List<RaftEvent> events) {
    return events.stream().map(ScenarioFormat::event).collect(Collectors.joining(", "));
  }

  private static String event(RaftEvent e) {
    if (e instanceof RaftEvent.TermAdvanced t) {
      return "term=" + t.term();
    }
    if (e instanceof RaftEvent.VoteCast v) {
      return "vote=" + v.candidate();
    }
    if (e instanceof RaftEvent.EntriesAppended a) {
      return "append " + entryIds(a.entries());
    }
    if (e instanceof RaftEvent.LogTruncated t) {
      return "truncate " + t.fromIndex();
    }
    if (e instanceof RaftEvent.SnapshotTaken s) {
      return "snapshot-taken " + snapshot(s.snapshot());
    }
    if (e instanceof RaftEvent.SnapshotInstalled s) {
      return "snapshot-installed " + snapshot(s.snapshot());
    }
    throw new IllegalArgumentException("unknown event " + e);
  }

  /** {@code 5@1 (12 bytes)}. */
  static String snapshot(Snapshot s) {
    return s.meta().lastIncludedIndex() + "@" + s.meta().lastIncludedTerm() + " (" + s.data().length + " bytes)";
  }

  /** {@code voters=n1,n2,n3 outgoing=n1,n2 learners=n4}; endpoints are left out. */
  static String configuration(Configuration c) {
    String s = "voters=" + ids(c.voters());
    if (c.isJoint()) {
      s += " outgoing=" + ids(c.outgoingVoters());
    }
    return c.learners().isEmpty() ? s : s + " learners=" + ids(c.learners());
  }

  private static String ids(Set<NodeId> ids) {
    return ids.isEmpty() ? "-" : ids.stream().map(NodeId::toString).collect(Collectors.joining(","));
  }

  /** The role as a host sees it: {@code follower}, {@code pre-candidate}, {@code candidate}, {@code leader}. */
  static String role(Raft raft) {
    return raft.isPreCandidate() ? "pre-candidate" : raft.role().name().toLowerCase();
  }

  /** The part of a server's state that a state line reports when it changes. */
  static String state(Raft raft) {
    return role(raft) + " term=" + raft.currentTerm() + " leader=" + orNone(raft.leaderId());
  }

  /** Everything {@code status} prints, on one line. */
  static String status(Raft raft, long applied) {
    RaftLog log = raft.log();
    String s = state(raft) + " vote=" + orNone(raft.votedFor()) + " commit=" + raft.commitIndex()
        + " applied=" + applied + " log=" + log.firstIndex() + ".." + log.lastIndex() + " durable="
        + raft.durableIndex() + " snapshot=" + log.snapshotIndex() + "@" + log.snapshotTerm() + " "
        + configuration(raft.configuration());
    return raft.transferTarget() == null ? s : s + " transfer=" + raft.transferTarget();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String orNone(Object value) {
    return value == null ? "none" : value.toString();
  }

  /** A command line split into its name, positional words and {@code key=value} options. */
  static final class Args {
    final String name;
    final List<String> positional = new ArrayList<>();
    final Map<String, String> options = new HashMap<>();

    Args(String line) {
      String[] words = line.trim().split("\\s+");
      name = words[0];
      for (int i = 1; i < words.length; i++) {
        int eq = words[i].indexOf('=');
        if (eq > 0) {
          options.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        } else {
          positional.add(words[i]);
        }
      }
    }

    String positionalAt(int i) {
      if (i >= positional.size()) {
        throw new ScenarioHarness.ScriptError(name + ": missing argument " + (i + 1));
      }
      return positional.get(i);
    }

    NodeId node(int i) {
      return NodeId.of(positionalAt(i));
    }

    int intAt(int i) {
      return parse(positionalAt(i));
    }

    int intOpt(String key, int fallback) {
      return options.containsKey(key) ? parse(options.get(key)) : fallback;
    }

    boolean boolOpt(String key) {
      String value = options.getOrDefault(key, "false");
      if (!value.equals("true") && !value.equals("false")) {
        throw new ScenarioHarness.ScriptError(name + ": " + key + " must be true or false, was " + value);
      }
      return value.equals("true");
    }

    /** {@code key=10..20}, or the fallback bounds. */
    int[] range(String key, int min, int max) {
      if (!options.containsKey(key)) {
        return new int[] {min, max};
      }
      String[] parts = options.get(key).split("\\.\\.");
      if (parts.length != 2) {
        throw new ScenarioHarness.ScriptError(name + ": " + key + " must look like 10..20");
      }
      return new int[] {parse(parts[0]), parse(parts[1])};
    }

    List<String> list(String key) {
      String value = options.get(key);
      return value == null || value.isEmpty() ? List.of() : List.of(value.split(","));
    }

    void allowOnly(Set<String> keys) {
      for (String key : options.keySet()) {
        if (!keys.contains(key)) {
          throw new ScenarioHarness.ScriptError(name + ": unknown option " + key + "= (expected one of " + new TreeSet<>(keys) + ")");
        }
      }
    }

    boolean matches(String key, String value) {
      return !options.containsKey(key) || options.get(key).equals(value);
    }

    private int parse(String number) {
      try {
        return Integer.parseInt(number);
      } catch (NumberFormatException e) {
        throw new ScenarioHarness.ScriptError(name + ": not a number: " + number);
      }
    }
  }
}
