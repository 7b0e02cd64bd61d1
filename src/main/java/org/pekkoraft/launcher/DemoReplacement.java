package org.pekkoraft.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.pekkoraft.client.RaftClient;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.protocol.NodeStatus;

/**
 * The demo's member replacement, each step checked: start the spare (an empty node with {@code join = on}), SIGKILL
 * a follower and remove it from the configuration, write until the leader has compacted its log, check that the
 * running spare is still no member, add it, and wait until it has caught up from a snapshot and become a voter;
 * then read every acknowledged write back and show the final configuration.
 */
final class DemoReplacement {

  private static final int KEYS = 20;
  /** Removing a member is one committed entry; adding one also waits for its catch-up. */
  private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);
  /** What the spare's node.log says when it has installed a snapshot from the leader (see server/Replica). */
  private static final String INSTALLED = "Installed snapshot at index";

  private final DemoScript demo;
  private final Progress progress;
  private final NodeId spare;
  private final String spareEndpoint;

  DemoReplacement(DemoScript demo) {
    this.demo = demo;
    this.progress = demo.progress;
    this.spare = List.copyOf(demo.everyNode.keySet()).get(demo.everyNode.size() - 1);
    this.spareEndpoint = demo.everyNode.get(spare);
  }

  /**
   * Starts the spare, a fresh node with {@code join = on}: it is no member until added. The demo starts it early,
   * so that its JVM comes up while other steps run.
   */
  void startSpare() {
    LocalCluster.Member fresh = demo.cluster.member(spare.value());
    progress.say("meanwhile starting %s (pid %d) for later: a fresh node with an empty data directory %s and"
        + " join = on, so it waits to be added", spare, demo.cluster.start(spare.value()).pid(),
        Home.show(fresh.dataDir()));
  }

  /**
   * Runs the replacement (after {@link #startSpare()}), writing keys from {@code firstKey} on; returns a summary
   * for the verdict.
   *
   * @param recovered the node the demo restarted before: another follower is replaced if there is one, so that the
   *     story has a node that recovered and another one that was replaced
   */
  String run(int firstKey, NodeId recovered) {
    NodeStatus leader = demo.awaitLeader(demo.endpoints.nodes().keySet(), "the cluster lost its leader");
    List<NodeId> followers = leader.voters().stream().filter(id -> !id.equals(leader.nodeId())).toList();
    NodeId dead = followers.stream().filter(id -> !id.equals(recovered)).findFirst()
        .or(() -> followers.stream().findFirst())
        .orElseThrow(() -> new DemoScript.Failure("the leader has no follower to replace"));
    long pid = demo.cluster.process(dead.value()).map(Process::pid).orElse(-1L);
    progress.say("replacing a member: killing the follower %s (pid %d) with SIGKILL; from now on it counts as dead",
        dead, pid);
    demo.cluster.kill(dead.value());

    long removing = System.nanoTime();
    String removed = change("remove " + dead, c -> c.removeMember(dead), l -> !l.voters().contains(dead));
    progress.say("raft remove-member --id %s: %s (%.1f s)", dead, removed, seconds(removing));

    for (int i = firstKey; i < firstKey + KEYS; i++) {
      demo.put(DemoScript.key(i), DemoScript.value(i));
    }
    Set<NodeId> voters = new TreeSet<>(leader.voters());
    voters.remove(dead);
    NodeStatus compacted = demo.awaitLeader(voters, "the two remaining voters lost their leader");
    if (compacted.snapshotIndex() == 0) {
      throw new DemoScript.Failure("the leader has not compacted its log (snapshotIndex 0) after " + KEYS
          + " more writes");
    }
    progress.say("wrote %s..%s with two voters; the leader %s has a snapshot at index %d and has dropped the log"
        + " before it, so a new node can only catch up from that snapshot", DemoScript.key(firstKey),
        DemoScript.key(firstKey + KEYS - 1), compacted.nodeId(), compacted.snapshotIndex());

    NodeStatus waiting = demo.poll(DemoScript.LEADER_TIMEOUT, DemoScript.POLL, spare + " did not start within "
        + DemoScript.LEADER_TIMEOUT.toSeconds() + " s", () -> status(spare));
    NodeStatus before = status(compacted.nodeId());
    if (!waiting.voters().isEmpty() || before == null || before.voters().contains(spare)
        || before.learners().contains(spare)) {
      throw new DemoScript.Failure(spare + " became a member before it was added: " + waiting.line()
          + (before == null ? "" : "; leader: " + StatusMain.line(before.nodeId(), before.address(), before)));
    }
    progress.say("%s is up (it joins the Pekko Cluster through its seed nodes) but no Raft member: its configuration"
        + " is empty and the leader's voters are %s", spare, StatusMain.list(before.voters()));

    long adding = System.nanoTime();
    String added = change("add " + spare, c -> c.addMember(spare, spareEndpoint, true),
        l -> l.voters().contains(spare));
    progress.say("raft add-member --id %s --address %s: %s (%.1f s)", spare, spareEndpoint, added,
        seconds(adding));

    NodeStatus caughtUp = awaitCaughtUp(voters);
    progress.say("%s caught up from a snapshot: its log says \"%s\"; snapshotIndex %d, lastApplied %d = the"
        + " leader's commitIndex; it is a voter", spare, installedLine(), caughtUp.snapshotIndex(),
        caughtUp.lastApplied());

    progress.say("read back all %d acknowledged writes through the leader: every one correct", demo.verifyAll());
    NodeStatus last = demo.awaitLeader(Set.copyOf(caughtUp.voters()), "the new configuration has no leader");
    progress.say("final configuration: voters %s (leader %s), learners %s", StatusMain.list(last.voters()),
        last.nodeId(), StatusMain.list(last.learners()));
    return dead + " was replaced by " + spare + ", which caught up from a snapshot";
  }

  /**
   * Waits until the spare is a voter of the leader's settled configuration and has applied all the leader has
   * committed. The leader is looked for among {@code voters} and the spare at every round: it may change meanwhile.
   */
  private NodeStatus awaitCaughtUp(Set<NodeId> voters) {
    Set<NodeId> asked = new TreeSet<>(voters);
    asked.add(spare);
    return demo.poll(DemoScript.CATCH_UP_TIMEOUT, DemoScript.POLL, spare + " did not catch up within "
        + DemoScript.CATCH_UP_TIMEOUT.toSeconds() + " s", () -> {
          Map<NodeId, NodeStatus> s = demo.probe.statuses(asked);
          NodeStatus mine = s.get(spare);
          long term = s.values().stream().mapToLong(NodeStatus::term).max().orElse(-1);
          Optional<NodeStatus> lead = s.values().stream().filter(x -> x.term() == term && x.role() == Role.LEADER)
              .findFirst();
          boolean done = mine != null && lead.isPresent() && lead.get().voters().contains(spare)
              && !lead.get().configurationChanging() && mine.snapshotIndex() > 0
              && mine.lastApplied() >= lead.get().commitIndex();
          return done ? mine : null;
        });
  }

  private NodeStatus status(NodeId id) {
    return demo.probe.statuses(List.of(id)).get(id);
  }

  /** The line of the spare's log that shows the snapshot arrived from the leader (InstallSnapshot). */
  private String installedLine() {
    LocalCluster.Member member = demo.cluster.member(spare.value());
    try {
      Optional<String> line = Files.readAllLines(member.nodeLog()).stream().filter(l -> l.contains(INSTALLED))
          .findFirst();
      return line.map(l -> l.substring(l.indexOf(INSTALLED))).orElseThrow(() -> new DemoScript.Failure(spare
          + " caught up, but its log does not say that it installed a snapshot from the leader"));
    } catch (IOException e) {
      throw new DemoScript.Failure("cannot read " + Home.show(member.nodeLog()) + ": " + e.getMessage());
    }
  }

  /**
   * Sends a change to the leader. A leader that loses leadership before the change completes cannot tell its
   * outcome, and its successor does not continue a promotion: then the next leader's configuration decides
   * ({@code done}), and the change is asked again, as an operator would, until it holds or the time is up. A
   * refusal is a failure, unless it answers a repeated request whose first attempt may have done the change.
   */
  private String change(String what, Function<RaftClient, CompletionStage<String>> request,
      Predicate<NodeStatus> done) {
    Admin admin = new Admin(demo.system, demo.everyNode, false, progress);
    long deadline = System.nanoTime() + CHANGE_TIMEOUT.toNanos();
    boolean repeated = false;
    while (true) {
      try {
        return admin.send(CHANGE_TIMEOUT, request);
      } catch (LauncherException e) {
        boolean unknown = e.exitCode() == ExitCodes.NO_LEADER;
        if (!(unknown || repeated) || System.nanoTime() - deadline > 0) {
          throw new DemoScript.Failure("'" + what + "' failed: " + e.getMessage());
        }
        if (unknown) {
          progress.say("'%s' did not complete: %s; checking the configuration", what, e.getMessage());
        }
        NodeStatus leader = demo.poll(DemoScript.LEADER_TIMEOUT, DemoScript.POLL, "no leader after '" + what + "'",
            () -> ClusterView.ask(demo.system, demo.everyNode, false).leader().orElse(null));
        if (done.test(leader) && !leader.configurationChanging()) {
          return what + ": configuration is now voters=" + leader.voters() + " (confirmed by the next leader, "
              + leader.nodeId() + ")";
        }
        repeated = true;
      }
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
