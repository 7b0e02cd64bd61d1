package org.pekkoraft.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.pekkoraft.kv.Bytes;
import org.pekkoraft.kv.KvClient;
import org.pekkoraft.protocol.NodeStatus;

/** Cluster-wide checks shared by the cluster tests. */
public final class Verify {

  private Verify() {}

  /**
   * Reads every key back (linearizable reads, 64 at a time) and lists those whose value differs. Keys and values
   * are text, compared as their UTF-8 bytes: a value that came back as other bytes is reported, not thrown.
   */
  public static List<String> unreadable(KvClient kv, Map<String, String> expected) throws Exception {
    List<String> wrong = new ArrayList<>();
    List<Map.Entry<String, String>> entries = new ArrayList<>(expected.entrySet());
    for (int from = 0; from < entries.size(); from += 64) {
      List<Map.Entry<String, String>> batch = entries.subList(from, Math.min(entries.size(), from + 64));
      List<CompletableFuture<Optional<Bytes>>> reads = new ArrayList<>();
      for (Map.Entry<String, String> e : batch) {
        reads.add(kv.get(Bytes.utf8(e.getKey())).toCompletableFuture());
      }
      for (int i = 0; i < batch.size(); i++) {
        Optional<Bytes> got = reads.get(i).get(30, TimeUnit.SECONDS);
        if (!got.equals(Optional.of(Bytes.utf8(batch.get(i).getValue())))) {
          wrong.add(batch.get(i).getKey() + "=" + got.map(Bytes::toString).orElse("<absent>") + " (expected "
              + batch.get(i).getValue() + ")");
        }
      }
    }
    return wrong;
  }

  /**
   * Waits until every running node has the same last log index and term as the leader and has applied all of it:
   * by Log Matching, their logs are then identical.
   */
  public static void converged(TestCluster cluster, java.time.Duration timeout) {
    converged(cluster, null, timeout);
  }

  /** As {@link #converged(TestCluster, java.time.Duration)}, for the nodes in {@code among} (null: all running). */
  public static void converged(TestCluster cluster, java.util.Set<String> among, java.time.Duration timeout) {
    try {
      awaitConverged(cluster, among, timeout);
    } catch (AssertionError e) {
      StringBuilder s = new StringBuilder(e.getMessage());
      for (String id : cluster.ids()) {
        NodeStatus st = cluster.status(id);
        s.append("\n  ").append(st == null ? id + " unreachable" : st.line() + " lastLogTerm=" + st.lastLogTerm());
      }
      throw new AssertionError(s.toString(), e);
    }
  }

  private static void awaitConverged(TestCluster cluster, java.util.Set<String> among, java.time.Duration timeout) {
    java.util.Set<String> nodes = among == null ? cluster.running() : among;
    Await.until("every node of " + nodes + " to hold and apply the leader's whole log", timeout, () -> {
      String leader = cluster.awaitLeader(timeout, nodes);
      NodeStatus l = cluster.status(leader);
      if (l == null || l.commitIndex() != l.lastLogIndex()) {
        return false;
      }
      for (String id : nodes) {
        NodeStatus s = cluster.status(id);
        if (s == null || s.lastLogIndex() != l.lastLogIndex() || s.lastLogTerm() != l.lastLogTerm()
            || s.lastApplied() != l.lastLogIndex()) {
          return false;
        }
      }
      return true;
    });
  }
}
