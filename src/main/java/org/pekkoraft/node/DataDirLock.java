package org.pekkoraft.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * An exclusive lock on a node's data directory ({@code raft.lock} in it), held for as long as the node runs, so
 * that two nodes given one directory by mistake fail at once with a clear message instead of in LevelDB's recovery.
 * The lock is an OS file lock: it is released when the process dies, even by SIGKILL, and a second holder in the
 * same JVM is refused as well as one in another process.
 */
final class DataDirLock {

  static final String FILE = "raft.lock";

  /** Another node, in this process or another, holds the directory. */
  static final class HeldElsewhere extends Exception {
    HeldElsewhere(Path dir) {
      super("pekko-raft.data-dir " + dir.toAbsolutePath() + " is in use by another running node (it holds "
          + FILE + " there): give each node a directory of its own");
    }
  }

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Creates the directory if needed and takes its lock, or throws {@link HeldElsewhere}. */
  static DataDirLock acquire(Path dir) throws HeldElsewhere {
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new HeldElsewhere(dir);
      }
      return new DataDirLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new HeldElsewhere(dir);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock pekko-raft.data-dir " + dir.toAbsolutePath() + ": " + e.getMessage(),
          e);
    }
  }

  /** A child actor of the node that holds this lock and releases it when the node stops. */
  Behavior<Void> holder() {
    return Behaviors.receive(Void.class)
        .onSignal(PostStop.class, stopped -> {
          release();
          return Behaviors.same();
        })
        .build();
  }

  void release() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not release " + FILE, e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Already failing with the error that matters; the channel is being discarded.
      }
    }
  }
}
