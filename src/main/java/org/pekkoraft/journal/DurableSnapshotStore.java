package org.pekkoraft.journal;

import com.typesafe.config.Config;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.serialization.Snapshot;
import org.apache.pekko.persistence.snapshot.local.LocalSnapshotStore;

/**
 * Pekko's file-based snapshot store, made durable. The stock store writes a temporary file and renames it without
 * syncing either, and Pekko deletes the journal's events as soon as it reports success: a power failure could then
 * lose both. Here a snapshot is reported saved only once its bytes and its directory entry are on disk.
 *
 * <p>Configured as the plugin {@code pekko-raft.snapshot-store} (see reference.conf).
 */
public final class DurableSnapshotStore extends LocalSnapshotStore {

  public DurableSnapshotStore(Config config) {
    super(config);
  }

  @Override
  public void save(SnapshotMetadata metadata, Object snapshot) {
    File target = snapshotFileForWrite(metadata, "");
    File temporary = snapshotFileForWrite(metadata, "tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary.toPath(), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
        serialize(out, new Snapshot(snapshot));
        out.flush();
        channel.force(true);
      }
      Files.move(temporary.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(target.toPath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("could not save snapshot " + target, e);
    }
  }

  /** Makes the rename itself durable. */
  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
