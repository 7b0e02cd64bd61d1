package org.pekkoraft.node;

import java.util.function.Consumer;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;
import scala.concurrent.Promise;

/** A journal plugin whose recovery never completes: a node on it stays in its recovering behavior. */
public final class StalledJournal extends AsyncWriteJournal {

  private static <T> Future<T> never() {
    return Promise.<T>apply().future();
  }

  @Override
  public Future<Iterable<java.util.Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
    return never();
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return never();
  }

  @Override
  public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
      Consumer<PersistentRepr> replayCallback) {
    return never();
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return never();
  }
}
