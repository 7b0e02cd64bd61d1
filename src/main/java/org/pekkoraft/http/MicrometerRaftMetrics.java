package org.pekkoraft.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.Role;
import org.pekkoraft.node.RaftMetrics;

/**
 * The node's {@link RaftMetrics} reports as Micrometer meters in a Prometheus registry, plus the JVM's own (memory,
 * GC, threads, CPU, class loading, uptime). Names and meanings are listed in docs/operations.md; every meter carries
 * the tag {@code node}. Meters are made once, up front, so that the node's thread only increments and records.
 */
public final class MicrometerRaftMetrics implements RaftMetrics, AutoCloseable {

  /** Latency histogram bounds: an fsync on a fast disk is well under a millisecond, a stalled one seconds. */
  private static final Duration MIN_LATENCY = Duration.ofNanos(50_000);
  private static final Duration MAX_LATENCY = Duration.ofSeconds(10);

  private final PrometheusMeterRegistry registry;
  private final AtomicReference<Role> role = new AtomicReference<>();
  private final AtomicLong term = new AtomicLong();
  private final AtomicLong commitIndex = new AtomicLong();
  private final AtomicLong lastApplied = new AtomicLong();
  private final AtomicLong lastLogIndex = new AtomicLong();
  private final AtomicLong snapshotIndex = new AtomicLong();
  private final AtomicLong leaderKnown = new AtomicLong();
  private final Counter leaderChanges;
  private final Map<Request, Counter> proposals = new EnumMap<>(Request.class);
  private final Timer append;
  private final DistributionSummary appendEvents;
  private final Counter snapshotsTaken;
  private final Counter snapshotFailures;
  private final Counter snapshotsInstalled;
  private final DistributionSummary snapshotTakenBytes;
  private final DistributionSummary snapshotInstalledBytes;
  private final Map<Request, Map<Outcome, Timer>> requests = new EnumMap<>(Request.class);
  private final Map<Request, Timer> latencies = new EnumMap<>(Request.class);
  /** Listens to the JVM's GC notifications until closed. */
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  /** Meters for node {@code nodeId} in a new registry, with the JVM's meters bound to it. */
  public MicrometerRaftMetrics(NodeId nodeId) {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), nodeId);
  }

  private MicrometerRaftMetrics(PrometheusMeterRegistry registry, NodeId nodeId) {
    this.registry = registry;
    registry.config().commonTags("node", nodeId.value());
    for (Role r : Role.values()) {
      Gauge.builder("raft_role", role, current -> current.get() == r ? 1 : 0).tag("role", label(r))
          .description("1 for the role this node has now, 0 for the others").register(registry);
    }
    gauge("raft_term", term, "currentTerm: the latest term this node has seen");
    gauge("raft_commit_index", commitIndex, "commitIndex: the highest log index this node knows is committed");
    gauge("raft_applied_index", lastApplied, "lastApplied: the highest log index applied to the state machine");
    gauge("raft_last_log_index", lastLogIndex, "the index of the last entry in this node's log");
    gauge("raft_snapshot_index", snapshotIndex, "the last index the latest snapshot covers");
    gauge("raft_leader_known", leaderKnown, "1 while this node knows a leader (itself included), else 0");
    leaderChanges = Counter.builder("raft_leader_changes").description("times the leader this node knows of changed"
        + " (to another node or to none)").register(registry);
    for (Request kind : Request.values()) {
      proposals.put(kind, Counter.builder("raft_proposals").tag("kind", label(kind))
          .description("entries this node appended to its log as leader, by the request that made them")
          .register(registry));
      Map<Outcome, Timer> byOutcome = new EnumMap<>(Outcome.class);
      for (Outcome outcome : Outcome.values()) {
        byOutcome.put(outcome, Timer.builder("raft_client_requests").tag("kind", label(kind))
            .tag("outcome", label(outcome)).description("client and admin requests this node answered, by outcome,"
                + " from receipt to answer").register(registry));
      }
      requests.put(kind, byOutcome);
      latencies.put(kind, Timer.builder("raft_client_request_latency").tag("kind", label(kind))
          .description("from receipt to answer, of the requests answered ok").publishPercentileHistogram()
          .minimumExpectedValue(MIN_LATENCY).maximumExpectedValue(MAX_LATENCY).register(registry));
    }
    append = Timer.builder("raft_append_latency").description("from handing a write (entries, term, vote) to the"
        + " journal to the journal reporting it durable: queueing plus fsync").publishPercentileHistogram()
        .minimumExpectedValue(MIN_LATENCY).maximumExpectedValue(MAX_LATENCY).register(registry);
    appendEvents = DistributionSummary.builder("raft_append_events").description("Raft events per journal write"
        + " (group commit)").register(registry);
    snapshotsTaken = Counter.builder("raft_snapshots_taken").description("state machine snapshots written")
        .register(registry);
    snapshotFailures = Counter.builder("raft_snapshot_failures").description("state machine snapshots that"
        + " failed to be written").register(registry);
    snapshotsInstalled = Counter.builder("raft_snapshots_installed").description("snapshots received from the"
        + " leader and installed").register(registry);
    snapshotTakenBytes = DistributionSummary.builder("raft_snapshot_taken_size").baseUnit("bytes")
        .description("size of each snapshot written").register(registry);
    snapshotInstalledBytes = DistributionSummary.builder("raft_snapshot_installed_size").baseUnit("bytes")
        .description("size of each snapshot installed from the leader").register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The registry, for meters of the application's own or of the HTTP server. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Stops listening to the JVM (GC notifications) and closes the registry. */
  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }

  /** Every meter in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void state(Role role, long term, NodeId leader, long commitIndex, long lastApplied, long lastLogIndex,
      long snapshotIndex) {
    this.role.set(role);
    this.term.set(term);
    this.commitIndex.set(commitIndex);
    this.lastApplied.set(lastApplied);
    this.lastLogIndex.set(lastLogIndex);
    this.snapshotIndex.set(snapshotIndex);
    this.leaderKnown.set(leader == null ? 0 : 1);
  }

  @Override
  public void leaderChanged(NodeId leader, long term) {
    leaderChanges.increment();
    leaderKnown.set(leader == null ? 0 : 1);
  }

  @Override
  public void proposed(Request kind) {
    proposals.get(kind).increment();
  }

  @Override
  public void appendDurable(long nanos, int events) {
    append.record(nanos, TimeUnit.NANOSECONDS);
    appendEvents.record(events);
  }

  @Override
  public void snapshotTaken(long bytes) {
    snapshotsTaken.increment();
    snapshotTakenBytes.record(bytes);
  }

  @Override
  public void snapshotFailed() {
    snapshotFailures.increment();
  }

  @Override
  public void snapshotInstalled(long bytes) {
    snapshotsInstalled.increment();
    snapshotInstalledBytes.record(bytes);
  }

  @Override
  public void answered(Request kind, Outcome outcome, long nanos) {
    requests.get(kind).get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    if (outcome == Outcome.OK) {
      latencies.get(kind).record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private void gauge(String name, AtomicLong value, String description) {
    Gauge.builder(name, value, AtomicLong::get).description(description).register(registry);
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
