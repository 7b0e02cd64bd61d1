package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pekkoraft.security.CredentialFiles;
import org.pekkoraft.security.PeerSecret;
import org.pekkoraft.testkit.TestCertificates;

/** A node's conf file names its credentials directory; loading derives the rest from it, in either mode. */
class NodeConfigCredentialsTest {

  @TempDir
  Path dir;

  private Config load(String extra) {
    Path nodeDir = TestCertificates.dir("node");
    return NodeConfig.load(Cli.nodeConf(dir, "node", 2551, dir.resolve("data"),
        "pekko-raft.security.dir = " + StatusMain.quote(nodeDir.toString()) + "\n" + extra)).config();
  }

  private static String nodeProof() throws Exception {
    return PeerSecret.read(TestCertificates.dir("node").resolve(CredentialFiles.PEER_SECRET)).joinProof();
  }

  @Test
  void inModeTlsArteryUsesTheDirectoryAndTheJoinProofIsItsPeerSecrets() throws Exception {
    Config c = load("");
    assertEquals("tls-tcp", c.getString("pekko.remote.artery.transport"));
    assertTrue(c.getString("pekko.remote.artery.ssl.rotating-keys-engine.cert-file")
        .startsWith(TestCertificates.dir("node").toString()));
    assertEquals(nodeProof(), c.getString("pekko-raft.security.join-proof"));
  }

  @Test
  void inPlaintextModeTheJoinProofIsSetToo() throws Exception {
    Config c = load("""
        pekko-raft.security.mode = plaintext-insecure
        pekko.remote.artery.transport = tcp
        """);
    assertEquals("tcp", c.getString("pekko.remote.artery.transport"));
    assertEquals(TestCertificates.dir("node").toString(), c.getString("pekko-raft.security.dir"));
    assertEquals(nodeProof(), c.getString("pekko-raft.security.join-proof"));
  }
}
