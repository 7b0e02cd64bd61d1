package org.pekkoraft.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.pekkoraft.testkit.TestCertificates;

/** pekko-raft.security: TLS needs TLS, a credentials directory and its files; anything else is said clearly. */
class NodeSecurityTest {

  private static Config config(String text) {
    return ConfigFactory.parseString(text).withFallback(ConfigFactory.load()).resolve();
  }

  private static String error(Config config) {
    return assertThrows(RaftSettingsException.class, () -> NodeSecurity.fromConfig(config)).getMessage();
  }

  @Test
  void tlsModeChecksTransportDirectoryAndFiles() {
    assertTrue(error(config("pekko.remote.artery.transport = tcp")).contains("tls-tcp"));
    assertTrue(error(config("pekko.remote.artery.transport = tls-tcp")).contains("pekko-raft.security.dir is not set"));
    Config defaultProvider = config("pekko.remote.artery.transport = tls-tcp\npekko-raft.security.dir = \""
        + TestCertificates.dir("node") + "\"");
    assertTrue(error(defaultProvider).contains("RotatingKeysSSLEngineProvider"), "Pekko's default provider accepts"
        + " any certificate of the CA and never reloads");
    Config client = ArteryTls.config(TestCertificates.dir("client")).withFallback(config(""));
    assertTrue(error(client).contains("peer.secret"), "a client's directory is no node's");
    Config missing = ConfigFactory.parseString(
        "pekko.remote.artery.ssl.rotating-keys-engine.key-file = /nonexistent")
        .withFallback(ArteryTls.config(TestCertificates.dir("node"))).withFallback(config(""));
    assertTrue(error(missing).contains("key-file '/nonexistent'"));
    NodeSecurity node = NodeSecurity.fromConfig(ArteryTls.config(TestCertificates.dir("node"))
        .withFallback(config("")));
    assertTrue(node.tls());
    assertTrue(node.acceptsPeer(TestCertificates.peerToken()));
    assertFalse(node.acceptsPeer(""));
    assertTrue(node.acceptsAdmin(TestCertificates.adminToken()));
    assertFalse(node.acceptsAdmin(TestCertificates.peerToken()));
  }

  @Test
  void plaintextIsExplicitAndStillChecksTheSecretsItHas() {
    assertTrue(error(config("pekko-raft.security.mode = plain")).contains("plaintext-insecure"));
    NodeSecurity bare = NodeSecurity.fromConfig(ArteryTls.plaintext().withFallback(config("")));
    assertFalse(bare.tls());
    assertNull(bare.peerSecret());
    assertTrue(bare.acceptsPeer(""), "without a directory nothing is checked (and the node says so loudly)");
    NodeSecurity withSecrets = NodeSecurity.fromConfig(TestCertificates.nodeConfig().withFallback(config("")));
    assertNotNull(withSecrets.peerSecret());
    assertFalse(withSecrets.acceptsPeer(""));
    assertFalse(withSecrets.acceptsAdmin(""));
  }
}
