package org.pekkoraft.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.pekkoraft.security.CredentialFiles;
import org.pekkoraft.security.PeerSecret;

/**
 * The Artery settings for mutual TLS from one credentials directory ({@code tls.key}, {@code tls.crt},
 * {@code ca.crt}), for nodes and clients alike: put it in front of the rest of an ActorSystem's configuration.
 *
 * <p>It sets everything itself rather than in this library's reference.conf: where several reference.conf files
 * are merged (a shaded jar) the order decides, and Pekko's own default provider would win. The rotating-keys
 * provider checks the peer's certificate against {@code ca.crt} and requires a subject name in common with this
 * holder's certificate (every certificate {@code bin/raft certs} issues carries "pekko-raft"), and it re-reads the
 * PEM files after {@code ssl-context-cache-ttl}, so a certificate can be replaced while a node runs.
 */
public final class ArteryTls {

  private static final String SSL = "pekko.remote.artery.ssl.";
  private static final String ENGINE = SSL + "rotating-keys-engine.";
  /** How long a node keeps its TLS context before it reads the PEM files again (a rotation's delay). */
  public static final String RELOAD_AFTER = "10s";

  private ArteryTls() {}

  /** Artery over TLS with the credentials in {@code dir}, and {@link #credentials(Path)} of it. */
  public static Config config(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    return ConfigFactory.parseMap(Map.ofEntries(
        Map.entry("pekko.remote.artery.transport", "tls-tcp"),
        Map.entry(SSL + "ssl-engine-provider", NodeSecurity.PROVIDER),
        Map.entry(ENGINE + "protocol", "TLSv1.3"),
        Map.entry(ENGINE + "enabled-algorithms", List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384")),
        Map.entry(ENGINE + "ssl-context-cache-ttl", RELOAD_AFTER),
        Map.entry(ENGINE + "secret-mount-point", abs.toString()),
        Map.entry(ENGINE + "key-file", abs.resolve(CredentialFiles.KEY).toString()),
        Map.entry(ENGINE + "cert-file", abs.resolve(CredentialFiles.CERT).toString()),
        Map.entry(ENGINE + "ca-cert-file", abs.resolve(CredentialFiles.CA_CERT).toString()),
        Map.entry(NodeSecurity.P + "mode", "tls")))
        .withFallback(credentials(abs));
  }

  /** Plain TCP, loudly insecure: for tests of the transport-independent parts and for measuring TLS's cost. */
  public static Config plaintext() {
    return ConfigFactory.empty()
        .withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tcp"))
        .withValue(NodeSecurity.P + "mode", ConfigValueFactory.fromAnyRef("plaintext-insecure"));
  }

  /** Plain TCP, with the secrets in {@code dir} checked as over TLS ({@link #credentials(Path)}). */
  public static Config plaintext(Path dir) {
    return credentials(dir).withFallback(plaintext());
  }

  /**
   * {@code pekko-raft.security.dir} set to {@code dir}, and {@code pekko-raft.security.join-proof} to the join
   * proof of its peer secret ("" when it has none, as a client's directory): what a node needs, on any transport,
   * to join the Pekko Cluster of nodes with the same peer secret.
   *
   * @throws RaftSettingsException when {@code dir} has a peer secret file that cannot be read
   */
  public static Config credentials(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      return ConfigFactory.parseMap(Map.of(
          NodeSecurity.P + "dir", abs.toString(),
          NodeSecurity.JOIN_PROOF, PeerSecret.joinProof(abs)));
    } catch (IOException e) {
      throw new RaftSettingsException(NodeSecurity.P + "dir '" + abs + "' has an unusable "
          + CredentialFiles.PEER_SECRET + " (" + e.getMessage() + ")", e);
    }
  }
}
