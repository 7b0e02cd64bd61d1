package org.pekkoraft.launcher;

import org.pekkoraft.security.CertificateRole;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.protocol.NodeStatus;

/**
 * The demo's steps, each checked: start the nodes, wait for a leader, write and read keys, SIGKILL the leader and
 * time how long until a new leader acknowledges a write, read every acknowledged write back, restart the killed
 * node and wait until it has caught up, replace a dead member ({@link DemoReplacement}), stop everything. Any
 * failed check ends the demo with FAIL.
 */
final class DemoScript {

  private static final int KEYS_BEFORE_KILL = 30;
  private static final int KEYS_WHILE_DOWN = 10;
  static final Duration LEADER_TIMEOUT = Duration.ofSeconds(40);
  static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
  /** Short, so that a request to the killed leader is abandoned soon and the failover time stays honest. */
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(300);
  private static final Duration WRITE_DEADLINE = Duration.ofSeconds(15);
  static final Duration POLL = Duration.ofMillis(100);
  /** Status rounds while timing the election: fine enough to measure it, cheap for two nodes. */
  private static final Duration FAST_POLL = Duration.ofMillis(10);

  /** A check that did not hold; its message says which and why. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  final Progress progress;
  private final List<LocalCluster.Member> members;
  /** The initial voters. */
  final Endpoints endpoints;
  /** Every node's endpoint, the spare's included. */
  final Map<NodeId, String> everyNode = new LinkedHashMap<>();
  private final Map<String, String> acknowledged = new LinkedHashMap<>();
  LocalCluster cluster;
  ClientSystem system;
  private KvClient kv;
  ClusterProbe probe;

  /**
   * @param members every node the demo may start: the initial voters of {@code endpoints}, then the spare
   * @param spareEndpoint where the spare, the last of {@code members}, listens
   */
  DemoScript(Progress progress, List<LocalCluster.Member> members, Endpoints endpoints, String spareEndpoint) {
    this.progress = progress;
    this.members = members;
    this.endpoints = endpoints;
    everyNode.putAll(endpoints.nodes());
    everyNode.put(NodeId.of(members.get(members.size() - 1).id()), spareEndpoint);
  }

  /** Runs every step; returns {@link ExitCodes#OK} on PASS, {@link ExitCodes#NOT_FOUND} on FAIL. */
  int run() {
    try (LocalCluster nodes = new LocalCluster(members)) {
      cluster = nodes;
      String summary;
      try {
        summary = steps();
      } catch (Failure e) {
        progress.say("FAIL: %s", e.getMessage());
        progress.say("stopping all nodes ...");
        nodes.stopAll();
        progress.say("FAIL (node logs are in data/demo/node-N/node.log)");
        return ExitCodes.NOT_FOUND;
      }
      progress.say("stopping all nodes ...");
      nodes.stopAll();
      progress.say("all nodes stopped");
      progress.say("PASS: %s (%.0f s in all)", summary, progress.elapsedSeconds());
      return ExitCodes.OK;
    }
  }

  private String steps() {
    progress.say("starting %s, each in its own JVM (a JVM takes a few seconds to start) ...",
        endpoints.nodes().keySet().stream().map(NodeId::value).collect(Collectors.joining(", ")));
    List<String> started = new ArrayList<>();
    for (NodeId id : endpoints.nodes().keySet()) {
      started.add(id + " (pid " + cluster.start(id.value()).pid() + ")");
    }
    progress.say("started %s; logs in data/demo/node-N/node.log", String.join(", ", started));
    try (ClientSystem client = new ClientSystem(endpoints, ATTEMPT_TIMEOUT, WRITE_DEADLINE, CertificateRole.ADMIN)) {
      system = client;
      kv = client.kv();
      // Status requests only: a client that knows the spare too, while writes rotate among the voters alone.
      probe = new ClusterProbe(client.clientFor(everyNode, WRITE_DEADLINE));
      return withClient();
    }
  }

  private String withClient() {
    Set<NodeId> all = endpoints.nodes().keySet();
    NodeStatus leader = awaitLeader(all, "no leader was elected within " + LEADER_TIMEOUT.toSeconds() + " s");
    progress.say("leader is %s (term %d); the other nodes follow it", leader.nodeId(), leader.term());

    long writing = System.nanoTime();
    for (int i = 1; i <= KEYS_BEFORE_KILL; i++) {
      put(key(i), value(i));
    }
    progress.say("wrote %s..%s: each acknowledged only once a majority had it on disk (%.1f ms per write)", key(1),
        key(KEYS_BEFORE_KILL), (System.nanoTime() - writing) / 1e6 / KEYS_BEFORE_KILL);
    progress.say("read back %s", String.join(" ", read(key(1)), read(key(KEYS_BEFORE_KILL / 2)),
        read(key(KEYS_BEFORE_KILL))));

    // Leadership may have moved since (a loaded machine can delay heartbeats): kill the leader of this moment.
    NodeStatus current = awaitLeader(all, "the cluster lost its leader before the kill");
    NodeId victim = current.nodeId();
    long pid = cluster.process(victim.value()).map(Process::pid).orElse(-1L);
    progress.say("killing the leader %s (pid %d, term %d) with SIGKILL", victim, pid, current.term());
    long killed = System.nanoTime();
    cluster.kill(victim.value());
    // The write and the watch for a new leader run side by side: the one times the client, the other the election.
    CompletableFuture<Void> write = kv.put("after-failover", "acknowledged by the new leader").toCompletableFuture();
    Set<NodeId> survivors = all.stream().filter(id -> !id.equals(victim)).collect(Collectors.toSet());
    NodeStatus next = poll(LEADER_TIMEOUT, FAST_POLL, "the surviving nodes did not elect a new leader", () -> probe
        .awaitLeader(survivors, all.size(), Duration.ZERO).filter(s -> s.term() > current.term()).orElse(null));
    double elected = (System.nanoTime() - killed) / 1e9;
    await("after-failover", write);
    acknowledged.put("after-failover", "acknowledged by the new leader");
    double failover = (System.nanoTime() - killed) / 1e9;
    progress.say("%s was elected leader (term %d) within %.2f s of the kill; it acknowledged a write %.2f s after"
        + " the kill", next.nodeId(), next.term(), elected, failover);

    for (int i = KEYS_BEFORE_KILL + 1; i <= KEYS_BEFORE_KILL + KEYS_WHILE_DOWN; i++) {
      put(key(i), value(i));
    }
    progress.say("wrote %s..%s while %s is down", key(KEYS_BEFORE_KILL + 1),
        key(KEYS_BEFORE_KILL + KEYS_WHILE_DOWN), victim);
    int correct = verifyAll();
    progress.say("read back every acknowledged write: %d of %d correct, none lost", correct, acknowledged.size());

    DemoReplacement replacement = new DemoReplacement(this);
    catchUp(victim, next.nodeId(), current.commitIndex(), replacement);
    String replaced = replacement.run(KEYS_BEFORE_KILL + KEYS_WHILE_DOWN + 1, victim);
    return String.format("a new leader took writes %.2f s after the leader was killed; %s recovered and caught up;"
        + " %s; all %d acknowledged writes survived", failover, victim, replaced, acknowledged.size());
  }

  /** Restarts the killed node and waits until it has caught up; the spare's JVM starts meanwhile. */
  private void catchUp(NodeId victim, NodeId leader, long commitIndexAtKill, DemoReplacement replacement) {
    LocalCluster.Member member = cluster.member(victim.value());
    long restarted = System.nanoTime();
    progress.say("restarting %s on its data directory %s ...", victim, Home.show(member.dataDir()));
    cluster.start(victim.value());
    replacement.startSpare();
    NodeStatus caughtUp = poll(CATCH_UP_TIMEOUT, POLL, victim + " did not catch up within "
        + CATCH_UP_TIMEOUT.toSeconds() + " s", () -> {
          Map<NodeId, NodeStatus> s = probe.statuses(List.of(victim, leader));
          NodeStatus back = s.get(victim);
          NodeStatus lead = s.get(leader);
          return back != null && lead != null && back.lastApplied() >= lead.commitIndex() ? back : null;
        });
    progress.say("%s caught up %.1f s after the restart: lastApplied %d = the leader's commitIndex, %d entries more"
        + " than when it was killed; it is a %s in term %d", victim, (System.nanoTime() - restarted) / 1e9,
        caughtUp.lastApplied(), caughtUp.lastApplied() - commitIndexAtKill, caughtUp.role(), caughtUp.term());
  }

  /** Reads every acknowledged write back through the leader; returns how many, or fails naming the wrong ones. */
  int verifyAll() {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> e : acknowledged.entrySet()) {
      Optional<String> value = get(e.getKey());
      if (!value.equals(Optional.of(e.getValue()))) {
        wrong.add(e.getKey() + " is " + value.orElse("missing") + ", expected " + e.getValue());
      }
    }
    if (!wrong.isEmpty()) {
      throw new Failure(wrong.size() + " acknowledged writes were lost or wrong: " + String.join("; ", wrong));
    }
    return acknowledged.size();
  }

  /** The leader among {@code among} once a majority of them agree on it. */
  NodeStatus awaitLeader(Set<NodeId> among, String failure) {
    return poll(LEADER_TIMEOUT, POLL, failure, () -> probe.awaitLeader(among, among.size(), Duration.ZERO)
        .orElse(null));
  }

  /** Polls until {@code check} yields, failing early (with its last words) if a node process died. */
  <T> T poll(Duration timeout, Duration interval, String failure, Supplier<T> check) {
    return ClusterProbe.poll(timeout, interval, () -> {
      checkAlive();
      return check.get();
    }).orElseThrow(() -> new Failure(failure));
  }

  private void checkAlive() {
    for (LocalCluster.Member m : members) {
      Optional<Process> p = cluster.process(m.id());
      if (p.isPresent() && !p.get().isAlive() && p.get().exitValue() != 137) {
        throw new Failure(m.id() + " exited with code " + p.get().exitValue() + ": "
            + LocalCluster.lastConsoleLine(m));
      }
    }
  }

  /** Writes a key and remembers it as acknowledged. */
  void put(String key, String value) {
    await(key, kv.put(key, value));
    acknowledged.put(key, value);
  }

  private static void await(String key, CompletionStage<Void> write) {
    try {
      ClientMain.await(write, WRITE_DEADLINE);
    } catch (LauncherException e) {
      throw new Failure("writing " + key + " failed: " + e.getMessage());
    }
  }

  private Optional<String> get(String key) {
    try {
      return ClientMain.await(kv.get(key), WRITE_DEADLINE);
    } catch (LauncherException e) {
      throw new Failure("reading " + key + " failed: " + e.getMessage());
    }
  }

  private String read(String key) {
    Optional<String> value = get(key);
    if (!value.equals(Optional.ofNullable(acknowledged.get(key)))) {
      throw new Failure(key + " reads " + value.orElse("missing") + ", expected " + acknowledged.get(key));
    }
    return key + "=" + value.orElse("?");
  }

  static String key(int i) {
    return String.format("key-%02d", i);
  }

  static String value(int i) {
    return String.format("value-%02d", i);
  }
}
