package org.pekkoraft.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.pekkoraft.core.Configuration;
import org.pekkoraft.core.NodeId;
import org.pekkoraft.core.RaftOptions;
import org.pekkoraft.journal.RaftJournal;
import org.pekkoraft.server.Endpoints;
import org.pekkoraft.server.ReplicaOptions;
import org.pekkoraft.server.ReplicaOptions.ReadMode;

/**
 * A node's settings, read from the {@code pekko-raft} section of the configuration (see reference.conf) and
 * checked at once: every problem is reported as a {@link RaftSettingsException} naming the setting.
 */
public final class RaftSettings {

  private static final String P = "pekko-raft.";

  private final NodeId nodeId;
  private final Map<NodeId, String> members;
  private final boolean join;
  private final InitialClusterState initialClusterState;
  private final String initialClusterToken;
  private final String actorName;
  private final Duration electionTimeoutMin;
  private final Duration electionTimeoutMax;
  private final Duration heartbeatInterval;
  private final Duration tickInterval;
  private final boolean preVote;
  private final boolean checkQuorum;
  private final boolean quiesce;
  private final int maxEntriesPerAppend;
  private final long maxAppendBytes;
  private final int maxInflightAppends;
  private final int maxCommandBytes;
  private final ReadMode readMode;
  private final Duration leaseClockDriftMargin;
  private final long snapshotEveryEntries;
  private final long maxSnapshotBytes;
  private final int maxSessions;
  private final Duration sessionExpireAfter;
  private final int maxResultsPerSession;
  private final int maxPendingWrites;
  private final boolean allowLinkFilter;
  private final String dataDir;
  private final String journalPlugin;
  private final String snapshotPlugin;
  private final String journalDispatcher;
  private final Duration reconnectSilentPeerAfter;
  private final NodeSecurity security;

  private RaftSettings(Config c) {
    nodeId = parseNodeId(c);
    members = parseMembers(c);
    join = c.getBoolean(P + "join");
    initialClusterState = parseInitialClusterState(c);
    initialClusterToken = nonEmpty(c, "initial-cluster-token");
    actorName = nonEmpty(c, "actor-name");
    electionTimeoutMin = positive(c, "election-timeout-min");
    electionTimeoutMax = positive(c, "election-timeout-max");
    heartbeatInterval = positive(c, "heartbeat-interval");
    tickInterval = positive(c, "tick-interval");
    preVote = c.getBoolean(P + "pre-vote");
    checkQuorum = c.getBoolean(P + "check-quorum");
    quiesce = c.getBoolean(P + "quiesce");
    maxEntriesPerAppend = atLeast(c, "max-entries-per-append", 1);
    maxAppendBytes = c.getBytes(P + "max-append-bytes");
    maxInflightAppends = atLeast(c, "max-inflight-appends", 1);
    maxCommandBytes = c.getBytes(P + "max-command-bytes").intValue();
    readMode = parseReadMode(c);
    leaseClockDriftMargin = c.getDuration(P + "lease-clock-drift-margin");
    snapshotEveryEntries = c.getLong(P + "snapshot.every-entries");
    maxSnapshotBytes = c.getBytes(P + "snapshot.max-bytes");
    maxSessions = atLeast(c, "sessions.max-sessions", 1);
    sessionExpireAfter = positive(c, "sessions.expire-after");
    maxResultsPerSession = atLeast(c, "sessions.max-results-per-session", 1);
    maxPendingWrites = atLeast(c, "max-pending-writes", 1);
    allowLinkFilter = c.getBoolean(P + "allow-link-filter");
    dataDir = c.getString(P + "data-dir");
    journalPlugin = nonEmpty(c, "journal-plugin");
    snapshotPlugin = nonEmpty(c, "snapshot-plugin");
    journalDispatcher = c.hasPath(journalPlugin + ".class")
        && GROUP_COMMIT_JOURNAL.equals(c.getString(journalPlugin + ".class"))
        ? c.getString(journalPlugin + ".plugin-dispatcher") : null;
    reconnectSilentPeerAfter = c.getDuration(P + "reconnect-silent-peer-after");
    security = NodeSecurity.fromConfig(c);
    if (reconnectSilentPeerAfter.isNegative()) {
      throw new RaftSettingsException(P + "reconnect-silent-peer-after must not be negative");
    }
    checkConsistency();
  }

  /**
   * Reads and validates the settings from a full configuration (the {@code pekko-raft} section and the journal's
   * settings). Also checks that the LevelDB journal syncs every write and that its directory is writable.
   */
  public static RaftSettings fromConfig(Config config) {
    try {
      UnknownSettings.check(config);
      RaftSettings settings = new RaftSettings(config);
      checkStorage(config);
      return settings;
    } catch (ConfigException e) {
      throw new RaftSettingsException(e.getMessage(), e);
    }
  }

  private void checkConsistency() {
    if (!join && members.isEmpty()) {
      throw new RaftSettingsException(P + "members is empty: list every node as id = \"host:port\"");
    }
    if (!join && !members.containsKey(nodeId)) {
      throw new RaftSettingsException(P + "node-id '" + nodeId + "' is not one of " + P + "members "
          + members.keySet() + " (use " + P + "join = on to start a node that will be added later)");
    }
    if (electionTimeoutMin.compareTo(electionTimeoutMax) >= 0) {
      throw new RaftSettingsException(P + "election-timeout-min (" + ms(electionTimeoutMin)
          + ") must be less than " + P + "election-timeout-max (" + ms(electionTimeoutMax) + ")");
    }
    if (heartbeatInterval.compareTo(electionTimeoutMin) >= 0) {
      throw new RaftSettingsException(P + "heartbeat-interval (" + ms(heartbeatInterval)
          + ") must be less than " + P + "election-timeout-min (" + ms(electionTimeoutMin) + ")");
    }
    if (tickInterval.compareTo(heartbeatInterval) > 0 || electionTimeoutMin.dividedBy(tickInterval) < 2) {
      throw new RaftSettingsException(P + "tick-interval (" + ms(tickInterval)
          + ") must be at most " + P + "heartbeat-interval and at most half of " + P + "election-timeout-min");
    }
    if (maxAppendBytes < 1024) {
      throw new RaftSettingsException(P + "max-append-bytes (" + maxAppendBytes + ") must be at least 1KiB");
    }
    if (maxCommandBytes < 1 || maxCommandBytes > maxAppendBytes) {
      throw new RaftSettingsException(P + "max-command-bytes (" + maxCommandBytes + ") must be between 1 and "
          + P + "max-append-bytes (" + maxAppendBytes + ")");
    }
    if (maxSnapshotBytes < maxAppendBytes || maxSnapshotBytes > RaftOptions.MAX_SNAPSHOT_BYTES) {
      throw new RaftSettingsException(P + "snapshot.max-bytes (" + maxSnapshotBytes + ") must be between "
          + P + "max-append-bytes (" + maxAppendBytes + ") and " + RaftOptions.MAX_SNAPSHOT_BYTES);
    }
    if (readMode == ReadMode.LEASE && leaseClockDriftMargin.compareTo(electionTimeoutMin) >= 0) {
      throw new RaftSettingsException(P + "lease-clock-drift-margin must be less than " + P
          + "election-timeout-min");
    }
  }

  private static final String GROUP_COMMIT_JOURNAL = "org.pekkoraft.journal.GroupCommitJournal";
  /** pekko-raft's journal and Pekko's stock LevelDB journal, which an application may still choose. */
  private static final Set<String> LEVELDB_JOURNALS = Set.of(GROUP_COMMIT_JOURNAL,
      "org.apache.pekko.persistence.journal.leveldb.LeveldbJournal");
  private static final String STOCK_SNAPSHOT_STORE = "org.apache.pekko.persistence.snapshot.local.LocalSnapshotStore";
  private static final String DURABLE_SNAPSHOT_STORE = "org.pekkoraft.journal.DurableSnapshotStore";

  /**
   * The journal and snapshot store this node uses must exist; a LevelDB journal must sync every write, the stock
   * snapshot store (which does not sync) is refused, and the directories they write must be writable. The default
   * plugins keep their data under {@code data-dir}, which they then require.
   */
  private static void checkStorage(Config config) {
    String journal = config.getString(P + "journal-plugin");
    String snapshots = config.getString(P + "snapshot-plugin");
    String journalClass = pluginClass(config, journal, "journal-plugin");
    String snapshotClass = pluginClass(config, snapshots, "snapshot-plugin");
    boolean onDisk = LEVELDB_JOURNALS.contains(journalClass) || DURABLE_SNAPSHOT_STORE.equals(snapshotClass);
    String dataDir = config.getString(P + "data-dir");
    if (onDisk && dataDir.isBlank()) {
      throw new RaftSettingsException(P + "data-dir is not set: give each node a directory of its own for its"
          + " journal and snapshots, e.g. pekko-raft.data-dir = \"data/node-1\"");
    }
    if (LEVELDB_JOURNALS.contains(journalClass)) {
      if (!config.getBoolean(journal + ".fsync")) {
        throw new RaftSettingsException(journal + ".fsync is off: Raft's guarantees need every write to be on disk"
            + " before the node answers; turn it on");
      }
      checkWritable(journalDir(Path.of(dataDir)));
    }
    if (STOCK_SNAPSHOT_STORE.equals(snapshotClass)) {
      throw new RaftSettingsException(P + "snapshot-plugin '" + snapshots + "' is Pekko's local snapshot store,"
          + " which does not sync snapshots before the journal deletes the events they replace; use the default,"
          + " \"pekko-raft.snapshot-store\"");
    }
    if (DURABLE_SNAPSHOT_STORE.equals(snapshotClass)) {
      checkWritable(snapshotDir(Path.of(dataDir)));
    }
  }

  private static String pluginClass(Config config, String plugin, String setting) {
    if (!config.hasPath(plugin + ".class")) {
      throw new RaftSettingsException(P + setting + " is '" + plugin + "', but the configuration has no " + plugin
          + ".class: name a configured Pekko Persistence plugin, or keep the default");
    }
    return config.getString(plugin + ".class");
  }

  private static void checkWritable(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw new RaftSettingsException(P + "data-dir: '" + dir + "' cannot be created: " + e.getMessage(), e);
    }
    if (!Files.isWritable(dir)) {
      throw new RaftSettingsException(P + "data-dir: '" + dir + "' is not writable by this user");
    }
  }

  private static NodeId parseNodeId(Config c) {
    String id = c.getString(P + "node-id");
    if (id.isBlank()) {
      throw new RaftSettingsException(P + "node-id is not set");
    }
    try {
      return NodeId.of(id);
    } catch (IllegalArgumentException e) {
      throw new RaftSettingsException(P + "node-id: " + e.getMessage(), e);
    }
  }

  private static Map<NodeId, String> parseMembers(Config c) {
    Map<NodeId, String> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getObject(P + "members").entrySet()) {
      String key = e.getKey().replace("\"", "");
      Object value = e.getValue().unwrapped();
      if (!(value instanceof String address)) {
        throw new RaftSettingsException(P + "members." + key + " must be a \"host:port\" string, not " + value);
      }
      checkEndpoint(P + "members." + key, address);
      parsed.put(NodeId.of(key), address);
    }
    return Collections.unmodifiableMap(parsed);
  }

  /** Checks a "host:port" endpoint; {@code name} is what to call it in the error. */
  public static void checkEndpoint(String name, String endpoint) {
    String problem = Endpoints.problem(name, endpoint);
    if (problem != null) {
      throw new RaftSettingsException(problem);
    }
  }

  private static InitialClusterState parseInitialClusterState(Config c) {
    String state = c.getString(P + "initial-cluster-state");
    try {
      return InitialClusterState.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new RaftSettingsException(P + "initial-cluster-state '" + state + "' is not one of new, existing", e);
    }
  }

  private static ReadMode parseReadMode(Config c) {
    String mode = c.getString(P + "read-mode");
    try {
      return ReadMode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new RaftSettingsException(P + "read-mode '" + mode + "' is not one of read-index, log, lease", e);
    }
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(P + key);
    if (d.isNegative() || d.isZero()) {
      throw new RaftSettingsException(P + key + " must be positive, was " + ms(d));
    }
    return d;
  }

  private static int atLeast(Config c, String key, int min) {
    int v = c.getInt(P + key);
    if (v < min) {
      throw new RaftSettingsException(P + key + " must be at least " + min + ", was " + v);
    }
    return v;
  }

  private static String nonEmpty(Config c, String key) {
    String v = c.getString(P + key);
    if (v.isBlank()) {
      throw new RaftSettingsException(P + key + " must not be empty");
    }
    return v;
  }

  private static String ms(Duration d) {
    return d.toMillis() + "ms";
  }

  /** The core's options: durations become whole ticks. */
  public RaftOptions coreOptions() {
    return new RaftOptions(ticks(electionTimeoutMin), ticks(electionTimeoutMax), ticks(heartbeatInterval),
        maxEntriesPerAppend, maxAppendBytes, maxInflightAppends, preVote, checkQuorum, maxSnapshotBytes, quiesce);
  }

  private int ticks(Duration d) {
    return (int) Math.max(1, d.toNanos() / tickInterval.toNanos());
  }

  /** The driver's settings: the core's options plus what the replica does around Raft. */
  public ReplicaOptions replicaOptions() {
    return new ReplicaOptions(nodeId, coreOptions(), bootstrapConfiguration(), maxCommandBytes, readMode,
        leaseDuration().toNanos(), snapshotEveryEntries, maxSessions, sessionExpireAfter.toMillis(),
        maxResultsPerSession, maxPendingWrites);
  }

  /** The configuration a node starts from when its log and snapshot hold none: the members, or nothing to join. */
  public Configuration bootstrapConfiguration() {
    if (join) {
      return Configuration.EMPTY;
    }
    Configuration c = Configuration.ofVoters(members.keySet());
    for (Map.Entry<NodeId, String> e : members.entrySet()) {
      c = c.withEndpoint(e.getKey(), e.getValue());
    }
    return c;
  }

  public NodeId nodeId() {
    return nodeId;
  }

  /** The static address book from configuration. */
  public Map<NodeId, String> members() {
    return members;
  }

  public Optional<String> ownEndpoint() {
    return Optional.ofNullable(members.get(nodeId));
  }

  public boolean join() {
    return join;
  }

  /** Whether an initial member with no data may bootstrap a new cluster ({@code new}) or must refuse to start. */
  public InitialClusterState initialClusterState() {
    return initialClusterState;
  }

  /** Mixed into the id of a new cluster, so that two clusters of the same members get different ids. */
  public String initialClusterToken() {
    return initialClusterToken;
  }

  public String actorName() {
    return actorName;
  }

  public Duration electionTimeoutMin() {
    return electionTimeoutMin;
  }

  public Duration electionTimeoutMax() {
    return electionTimeoutMax;
  }

  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  public Duration tickInterval() {
    return tickInterval;
  }

  public int maxCommandBytes() {
    return maxCommandBytes;
  }

  public ReadMode readMode() {
    return readMode;
  }

  /** How long a lease read may trust the last quorum heartbeat round. */
  public Duration leaseDuration() {
    return electionTimeoutMin.minus(leaseClockDriftMargin);
  }

  public long snapshotEveryEntries() {
    return snapshotEveryEntries;
  }

  public int maxSessions() {
    return maxSessions;
  }

  public Duration sessionExpireAfter() {
    return sessionExpireAfter;
  }

  /** Who this node accepts messages and admin requests from (see {@link NodeSecurity}). */
  public NodeSecurity security() {
    return security;
  }

  /** The node's own directory ({@code pekko-raft.data-dir}), or empty when it keeps nothing on this disk. */
  public Optional<Path> dataDir() {
    return dataDir.isBlank() ? Optional.empty() : Optional.of(Path.of(dataDir));
  }

  /**
   * The Pekko Persistence plugins holding the term, vote, log and journal snapshots ({@code pekko-raft.journal-plugin}
   * and {@code snapshot-plugin}), with their directories under {@link #dataDir()}.
   */
  public RaftJournal.Plugins journalPlugins() {
    Config journalDir = ConfigFactory.empty();
    Config snapshotDir = ConfigFactory.empty();
    if (!dataDir.isBlank()) {
      journalDir = ConfigFactory.parseMap(Map.of(journalPlugin + ".dir", journalDir(Path.of(dataDir)).toString()));
      snapshotDir = ConfigFactory.parseMap(Map.of(snapshotPlugin + ".dir",
          snapshotDir(Path.of(dataDir)).toString()));
    }
    return new RaftJournal.Plugins(journalPlugin, journalDir, snapshotPlugin, snapshotDir);
  }

  /**
   * The dispatcher the node's journal actor runs on: with pekko-raft's own journal, the journal plugin's thread, so
   * that handing a write to the plugin and its answer back are no thread hand-offs; otherwise the default.
   */
  public Optional<String> journalDispatcher() {
    return Optional.ofNullable(journalDispatcher);
  }

  /** Where the default journal keeps its LevelDB files: {@code journal/} in the data directory. */
  public static Path journalDir(Path dataDir) {
    return dataDir.resolve("journal");
  }

  /** Where the default snapshot store keeps its files: {@code snapshots/} in the data directory. */
  public static Path snapshotDir(Path dataDir) {
    return dataDir.resolve("snapshots");
  }

  public boolean allowLinkFilter() {
    return allowLinkFilter;
  }

  /** Restart the outbound connection to a peer sent to but not heard from for this long; zero: never. */
  public Duration reconnectSilentPeerAfter() {
    return reconnectSilentPeerAfter;
  }
}
