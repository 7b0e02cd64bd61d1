package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDS flags of the nodes that cluster and demo start: the archive once complete, else one dump at a time. */
class ClassDataSharingTest {

  @TempDir
  Path dir;

  @AfterEach
  void clear() {
    System.clearProperty(ClassDataSharing.DIR);
    System.clearProperty(ClassDataSharing.STAMP);
  }

  @Test
  void withoutBinRaftsSettingsThereAreNoFlags() {
    assertEquals(List.of(), ClassDataSharing.nodeFlags());
  }

  @Test
  void aCompleteDumpBecomesTheArchiveAndAFreshOneIsLeftAlone() throws Exception {
    System.setProperty(ClassDataSharing.DIR, dir.toString());
    System.setProperty(ClassDataSharing.STAMP, "42");
    Path fresh = Files.write(dir.resolve("node-42.jsa.pending.c2"), new byte[] {1});
    List<String> whileWriting = ClassDataSharing.nodeFlags();
    assertFalse(whileWriting.stream().anyMatch(f -> f.startsWith("-XX:SharedArchiveFile")), whileWriting.toString());
    assertFalse(whileWriting.stream().anyMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit")),
        "a second dump while one may still be written: " + whileWriting);

    Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minusSeconds(60)));
    List<String> flags = ClassDataSharing.nodeFlags();
    assertTrue(flags.contains("-XX:SharedArchiveFile=" + dir.resolve("node-42.jsa")), flags.toString());
    assertTrue(Files.isRegularFile(dir.resolve("node-42.jsa")));
    assertFalse(Files.exists(fresh));
    assertTrue(flags.containsAll(List.of("-D" + ClassDataSharing.DIR + "=" + dir, "-D" + ClassDataSharing.STAMP
        + "=42")), flags.toString());
    assertTrue(flags.stream().allMatch(ClassDataSharing::isCdsFlag), "a node would inherit them twice: " + flags);
  }
}
