package org.pekkoraft.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The class-data sharing flags of the node JVMs that {@code cluster} and {@code demo} start, by the rule bin/raft
 * applies to every command (see the comment there): the archive of {@code node} when it exists, else a dump at
 * exit into a file of its own that a later start takes into use. bin/raft tells the directory and the stamp of
 * the jar and JDK ({@value #DIR}, {@value #STAMP}); without them (e.g. in tests) there are no flags. A missing or
 * unusable archive never stops a node: the JVM then runs without it.
 */
final class ClassDataSharing {

  static final String DIR = "raft.cds.dir";
  static final String STAMP = "raft.cds.stamp";
  /** A dump this old is complete: a JVM writes it in a second or two as it exits. */
  private static final Duration COMPLETE_AFTER = Duration.ofSeconds(10);
  private static final AtomicBoolean DUMPING = new AtomicBoolean();

  private ClassDataSharing() {}

  /** Whether a JVM argument of this process is one of these flags, which a node must not inherit. */
  static boolean isCdsFlag(String arg) {
    return arg.startsWith("-XX:SharedArchiveFile") || arg.startsWith("-XX:ArchiveClassesAtExit")
        || arg.startsWith("-Xlog:cds") || arg.startsWith("-D" + DIR + "=") || arg.startsWith("-D" + STAMP + "=");
  }

  /** The flags for one more node JVM: only the first node this process starts dumps an archive. */
  static List<String> nodeFlags() {
    String dir = System.getProperty(DIR);
    String stamp = System.getProperty(STAMP);
    List<String> flags = new ArrayList<>();
    if (dir == null || stamp == null || !stamp.matches("[0-9]+")) {
      return flags;
    }
    Path archive = Path.of(dir, "node-" + stamp + ".jsa");
    boolean fresh = adoptCompleteDump(archive);
    if (Files.isRegularFile(archive)) {
      flags.add("-XX:SharedArchiveFile=" + archive);
    } else if (!fresh && DUMPING.compareAndSet(false, true)) {
      flags.add("-XX:ArchiveClassesAtExit=" + archive + ".pending.c" + ProcessHandle.current().pid());
    }
    flags.addAll(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-D" + DIR + "=" + dir, "-D" + STAMP + "="
        + stamp));
    return flags;
  }

  /** Renames a complete pending dump to {@code archive}; returns whether a dump may still be being written. */
  private static boolean adoptCompleteDump(Path archive) {
    if (Files.isRegularFile(archive) || !Files.isDirectory(archive.getParent())) {
      return false;
    }
    String prefix = archive.getFileName() + ".pending.";
    boolean fresh = false;
    try (Stream<Path> files = Files.list(archive.getParent())) {
      for (Path pending : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
        Instant written = Files.getLastModifiedTime(pending).toInstant();
        if (written.plus(COMPLETE_AFTER).isAfter(Instant.now()) || Files.size(pending) == 0) {
          fresh = true;
        } else if (!Files.isRegularFile(archive)) {
          Files.move(pending, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } catch (IOException e) {
      // Only the speed-up is lost: the node starts without an archive.
      return true;
    }
    return fresh;
  }
}
