package org.pekkoraft.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/** Builds cores in a chosen state and drives them by hand, for the rule tests. */
final class CoreFixture {

  private CoreFixture() {}

  static NodeId id(String name) {
    return NodeId.of(name);
  }

  static Configuration voters(String... names) {
    return Configuration.ofVoters(Arrays.stream(names).map(NodeId::of).collect(Collectors.toList()));
  }

  /** A command entry whose data names its position, so entries are easy to tell apart in failures. */
  static LogEntry entry(long index, long term) {
    return new LogEntry.Command(index, term, 0, 0, 0, 0, ("e" + index + "@" + term).getBytes(StandardCharsets.UTF_8));
  }

  /** Persistent state with {@code term} and a log whose entries have the given terms, from index 1. */
  static PersistentState state(long term, long... entryTerms) {
    PersistentState state = new PersistentState();
    state.apply(new RaftEvent.TermAdvanced(term));
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < entryTerms.length; i++) {
      entries.add(entry(i + 1, entryTerms[i]));
    }
    if (!entries.isEmpty()) {
      state.apply(new RaftEvent.EntriesAppended(entries));
    }
    return state;
  }

  static Raft server(String name, PersistentState state, RaftOptions options, String... voters) {
    return new Raft(id(name), options, new SplittableRandom(name.hashCode()), state, voters(voters));
  }

  static Raft server(String name, PersistentState state, String... voters) {
    return server(name, state, RaftOptions.defaults(), voters);
  }

  /** Takes the outcome and reports everything in it durable at once, as an instant disk would. */
  static Outcome settle(Raft raft) {
    Outcome outcome = raft.takeOutcome();
    long lastIndex = 0;
    long lastTerm = 0;
    long termAdvanced = 0;
    for (RaftEvent event : outcome.events()) {
      if (event instanceof RaftEvent.EntriesAppended appended) {
        LogEntry last = appended.entries().get(appended.entries().size() - 1);
        lastIndex = last.index();
        lastTerm = last.term();
      } else if (event instanceof RaftEvent.TermAdvanced advanced) {
        termAdvanced = advanced.term();
      }
    }
    raft.durable(new PersistQueue.Completed(lastIndex, lastTerm, termAdvanced));
    return outcome;
  }

  /**
   * Ticks a server just started with a term through the lease it honours after a restart (one minimum election
   * timeout, rule 10), so that it votes; checks that it did not campaign meanwhile. Returns it.
   */
  static Raft pastRestartLease(Raft raft) {
    long term = raft.currentTerm();
    for (int i = 0; i < raft.options().electionTimeoutMinTicks(); i++) {
      raft.tick();
    }
    if (raft.role() != Role.FOLLOWER || raft.currentTerm() != term || raft.isPreCandidate()) {
      throw new AssertionError(raft.id() + " campaigned while waiting out its restart lease; pick another name");
    }
    raft.takeOutcome();
    return raft;
  }

  /** Ticks until the election timer fires; returns the number of ticks it took. */
  static int tickUntilCampaign(Raft raft) {
    int ticks = 0;
    while (raft.role() == Role.FOLLOWER) {
      raft.tick();
      ticks++;
      if (ticks > 10_000) {
        throw new AssertionError(raft.id() + " never campaigned");
      }
    }
    return ticks;
  }

  /** Makes {@code raft} leader by feeding it granted votes from {@code grantors} (pre-vote first, if on). */
  static void elect(Raft raft, String... grantors) {
    tickUntilCampaign(raft);
    if (raft.isPreCandidate()) {
      long asked = raft.currentTerm() + 1;
      for (String g : grantors) {
        raft.receive(new RaftMessage.RequestVoteResult(asked, id(g), true, true));
      }
    }
    for (String g : grantors) {
      raft.receive(new RaftMessage.RequestVoteResult(raft.currentTerm(), id(g), false, true));
    }
    if (raft.role() != Role.LEADER) {
      throw new AssertionError(raft.id() + " did not become leader: " + raft.role());
    }
  }

  static <T extends RaftMessage> List<T> sent(Outcome outcome, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Outcome.Outbound o : outcome.messages()) {
      if (type.isInstance(o.message())) {
        out.add(type.cast(o.message()));
      }
    }
    return out;
  }

  static <T extends RaftMessage> T sentTo(Outcome outcome, String to, Class<T> type) {
    for (Outcome.Outbound o : outcome.messages()) {
      if (o.to().equals(id(to)) && type.isInstance(o.message())) {
        return type.cast(o.message());
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " to " + to + " in " + outcome.messages());
  }

  static Outcome.Outbound outbound(Outcome outcome, Class<? extends RaftMessage> type) {
    for (Outcome.Outbound o : outcome.messages()) {
      if (type.isInstance(o.message())) {
        return o;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + outcome.messages());
  }
}
