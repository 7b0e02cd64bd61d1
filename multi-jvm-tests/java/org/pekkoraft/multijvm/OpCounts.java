package org.pekkoraft.multijvm;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How the clients' operations ended, by kind ("put ok", "get fail", ...), shared by every client of a run. */
final class OpCounts {

  enum Outcome { OK, INFO, FAIL }

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder rejected = new LongAdder();

  void add(String kind, Outcome outcome) {
    counts.computeIfAbsent(kind + " " + outcome.name().toLowerCase(), k -> new LongAdder()).increment();
  }

  /** A node refused an operation outright: none of this workload's operations should ever be refused. */
  void rejected() {
    rejected.increment();
  }

  long rejectedCount() {
    return rejected.sum();
  }

  long total(Outcome outcome) {
    String suffix = " " + outcome.name().toLowerCase();
    return counts.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).mapToLong(e -> e.getValue().sum())
        .sum();
  }

  long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  @Override
  public String toString() {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((k, v) -> sorted.put(k, v.sum()));
    return sorted.toString();
  }
}
