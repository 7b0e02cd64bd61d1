package org.pekkoraft.node;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.pekkoraft.security.AdminKey;
import org.pekkoraft.security.CredentialFiles;
import org.pekkoraft.security.PeerSecret;

/**
 * How a node tells its peers and its administrators from everybody else, read from {@code pekko-raft.security}.
 *
 * <p>In mode {@code tls} (the default) Artery must run mutual TLS ({@code transport = tls-tcp} with the rotating-keys
 * provider, which checks the peer's certificate against the cluster's CA and a shared subject name) and
 * {@code dir} must hold the node's credentials; every Raft message must then carry the peer secret and every admin
 * request the admin secret. Mode {@code plaintext-insecure} allows plain TCP and is logged loudly; the secrets are
 * still checked if {@code dir} names a directory that has them, and nothing is checked if it does not.
 *
 * <p>In both modes {@code join-proof} must be the one of the peer secret ("" without one), as
 * {@link ArteryTls#credentials(Path)} sets it: {@link JoinProofChecker} compares it when a node joins the Pekko
 * Cluster.
 *
 * @param tls true in mode {@code tls}
 * @param dir the credentials directory, or null
 * @param peerSecret the node credential peers' messages must carry, or null to accept any
 * @param adminKey what admin requests' tokens are checked against, or null to accept any
 */
public record NodeSecurity(boolean tls, Path dir, PeerSecret peerSecret, AdminKey adminKey) {

  static final String P = "pekko-raft.security.";
  /** What JoinProofChecker compares: the joiner's proof that it holds the peer secret. */
  static final String JOIN_PROOF = P + "join-proof";
  static final String PROVIDER = "org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider";
  private static final String ENGINE = "pekko.remote.artery.ssl.rotating-keys-engine.";

  /** The token to put in outgoing peer messages: "" when this node has no peer secret. */
  String peerToken() {
    return peerSecret == null ? "" : peerSecret.token();
  }

  boolean acceptsPeer(String token) {
    return peerSecret == null || peerSecret.matches(token);
  }

  boolean acceptsAdmin(String token) {
    return adminKey == null || adminKey.admits(token);
  }

  static NodeSecurity fromConfig(Config c) {
    NodeSecurity security = fromMode(c);
    String expected = security.peerSecret == null ? "" : security.peerSecret.joinProof();
    if (!expected.equals(c.getString(JOIN_PROOF))) {
      // Checked at start: a joiner refused for it logs no more than "incompatible cluster configuration".
      throw new RaftSettingsException(JOIN_PROOF + (security.peerSecret == null
          ? " is set, but this node has no peer secret (without one it is \"\")"
          : " is not the proof of the peer secret in " + security.dir) + "; ArteryTls.config(dir) or"
          + " ArteryTls.plaintext(dir) sets it, and a wrong one keeps this node out of its peers' Pekko Cluster");
    }
    return security;
  }

  private static NodeSecurity fromMode(Config c) {
    String mode = c.getString(P + "mode");
    String dirSetting = c.getString(P + "dir");
    Path dir = dirSetting.isBlank() ? null : Path.of(dirSetting);
    switch (mode) {
      case "tls":
        return tls(c, dir);
      case "plaintext-insecure":
        if (dir == null || !Files.isRegularFile(dir.resolve(CredentialFiles.PEER_SECRET))) {
          return new NodeSecurity(false, dir, null, null);
        }
        return new NodeSecurity(false, dir, peerSecret(dir), adminKey(dir));
      default:
        throw new RaftSettingsException(P + "mode is '" + mode + "'; expected \"tls\" (mutual TLS, the default) or"
            + " \"plaintext-insecure\" (plain TCP: anyone who can reach a node can forge messages)");
    }
  }

  private static NodeSecurity tls(Config c, Path dir) {
    String transport = c.getString("pekko.remote.artery.transport");
    if (!"tls-tcp".equals(transport)) {
      throw new RaftSettingsException(P + "mode = tls needs pekko.remote.artery.transport = tls-tcp (it is '"
          + transport + "'); plain TCP needs " + P + "mode = plaintext-insecure, said explicitly");
    }
    if (dir == null) {
      throw new RaftSettingsException(P + "dir is not set: with " + P + "mode = tls it must name this node's"
          + " credentials directory (bin/raft certs creates one per node under certs/)");
    }
    String provider = c.getString("pekko.remote.artery.ssl.ssl-engine-provider");
    if (!PROVIDER.equals(provider)) {
      throw new RaftSettingsException("pekko.remote.artery.ssl.ssl-engine-provider is " + provider + "; " + P
          + "mode = tls needs " + PROVIDER + ", which checks the peer's certificate against the cluster's own CA"
          + " and reloads rotated certificates (docs/security.md)");
    }
    Map<String, String> files = Map.of("key-file", CredentialFiles.KEY, "cert-file", CredentialFiles.CERT,
        "ca-cert-file", CredentialFiles.CA_CERT);
    for (Map.Entry<String, String> file : files.entrySet()) {
      String setting = c.getString(ENGINE + file.getKey());
      if (!Files.isReadable(Path.of(setting))) {
        throw new RaftSettingsException(ENGINE + file.getKey() + " '" + setting + "' is not a readable file"
            + " (expected this node's " + file.getValue() + "; ArteryTls.config(dir) sets all three)");
      }
    }
    return new NodeSecurity(true, dir, peerSecret(dir), adminKey(dir));
  }

  private static PeerSecret peerSecret(Path dir) {
    try {
      return PeerSecret.read(dir.resolve(CredentialFiles.PEER_SECRET));
    } catch (IOException e) {
      throw new RaftSettingsException(P + "dir '" + dir + "' has no usable " + CredentialFiles.PEER_SECRET + " ("
          + e.getMessage() + "); is it a node's directory from bin/raft certs, not a client's?", e);
    }
  }

  private static AdminKey adminKey(Path dir) {
    try {
      return AdminKey.read(dir.resolve(CredentialFiles.ADMIN_HASH));
    } catch (IOException e) {
      throw new RaftSettingsException(P + "dir '" + dir + "' has no usable " + CredentialFiles.ADMIN_HASH + " ("
          + e.getMessage() + ")", e);
    }
  }
}
