package org.pekkoraft.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.pekkoraft.core.LogEntry;
import org.pekkoraft.core.RaftEvent;
import org.pekkoraft.core.RaftMessage;

/**
 * Registers Jackson mix-ins that give the core's sealed interfaces a short type tag ("t"), so that fields typed by
 * those interfaces (a list of log entries, the message inside a peer envelope) serialize and deserialize. Listed in
 * {@code pekko.serialization.jackson.jackson-modules} by reference.conf; Pekko instantiates it by reflection.
 */
public final class RaftJacksonModule extends SimpleModule {

  public RaftJacksonModule() {
    super("pekko-raft");
    setMixInAnnotation(LogEntry.class, LogEntryMixin.class);
    setMixInAnnotation(RaftMessage.class, RaftMessageMixin.class);
    setMixInAnnotation(RaftEvent.class, RaftEventMixin.class);
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = LogEntry.NoOp.class, name = "n"),
      @JsonSubTypes.Type(value = LogEntry.Command.class, name = "c"),
      @JsonSubTypes.Type(value = LogEntry.ConfigChange.class, name = "m"),
      @JsonSubTypes.Type(value = LogEntry.RegisterClient.class, name = "r")})
  private interface LogEntryMixin {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = RaftMessage.RequestVote.class, name = "rv"),
      @JsonSubTypes.Type(value = RaftMessage.RequestVoteResult.class, name = "rvr"),
      @JsonSubTypes.Type(value = RaftMessage.AppendEntries.class, name = "ae"),
      @JsonSubTypes.Type(value = RaftMessage.AppendEntriesResult.class, name = "aer"),
      @JsonSubTypes.Type(value = RaftMessage.InstallSnapshot.class, name = "is"),
      @JsonSubTypes.Type(value = RaftMessage.InstallSnapshotResult.class, name = "isr"),
      @JsonSubTypes.Type(value = RaftMessage.TimeoutNow.class, name = "tn")})
  private interface RaftMessageMixin {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = RaftEvent.TermAdvanced.class, name = "term"),
      @JsonSubTypes.Type(value = RaftEvent.VoteCast.class, name = "vote"),
      @JsonSubTypes.Type(value = RaftEvent.EntriesAppended.class, name = "append"),
      @JsonSubTypes.Type(value = RaftEvent.LogTruncated.class, name = "truncate"),
      @JsonSubTypes.Type(value = RaftEvent.SnapshotTaken.class, name = "snapshot"),
      @JsonSubTypes.Type(value = RaftEvent.SnapshotInstalled.class, name = "installed"),
      @JsonSubTypes.Type(value = RaftEvent.ClusterIdentified.class, name = "identity")})
  private interface RaftEventMixin {}
}
