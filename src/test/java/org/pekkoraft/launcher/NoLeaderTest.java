package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pekkoraft.testkit.Ports;

/** With no node listening, every client command gives up at its --timeout with exit code 3. */
@Timeout(60)
class NoLeaderTest {

  @Test
  void readsAndWritesExit3AtTheirTimeout() {
    String nowhere = "127.0.0.1:" + Ports.free();
    for (String[] line : List.of(new String[] {"get", "k"}, new String[] {"put", "k", "v"},
        new String[] {"cas", "k", "a", "b"}, new String[] {"delete", "k"})) {
      long start = System.nanoTime();
      String[] args = new String[line.length + 4];
      System.arraycopy(line, 0, args, 0, line.length);
      System.arraycopy(new String[] {"--nodes", nowhere, "--timeout", "1s"}, 0, args, line.length, 4);
      Cli.Result r = Cli.run(args);
      double seconds = (System.nanoTime() - start) / 1e9;
      assertEquals(ExitCodes.NO_LEADER, r.code(), line[0] + ": " + r.err());
      assertEquals(1, r.errLines().size(), r.err());
      assertTrue(r.err().startsWith("raft: no leader answered within 1000 ms"), r.err());
      assertEquals("", r.out());
      assertTrue(seconds < 15, line[0] + " took " + seconds + " s with --timeout 1s");
    }
  }

  @Test
  void statusExits3WhenNoNodeAnswers() {
    String nowhere = "127.0.0.1:" + Ports.free();
    Cli.Result r = Cli.run("status", "--nodes", nowhere, "--timeout", "500ms");
    assertEquals(ExitCodes.NO_LEADER, r.code(), r.err());
    assertEquals(List.of(nowhere + " unreachable"), r.outLines());
  }
}
