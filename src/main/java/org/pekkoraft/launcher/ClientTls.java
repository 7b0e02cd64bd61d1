package org.pekkoraft.launcher;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pekkoraft.node.ArteryTls;
import org.pekkoraft.security.CertificateRole;
import org.pekkoraft.security.CredentialFiles;

/**
 * How a command-line client connects: over mutual TLS with the client or admin credentials under
 * {@code pekko-raft.security.certs-dir} (what {@code bin/raft certs} creates), or over plain TCP when
 * {@code conf/common.conf} says {@code pekko-raft.security.mode = plaintext-insecure}.
 *
 * @param enabled true unless the cluster runs plain TCP
 * @param certsDir the directory holding {@code client/}, {@code admin/} and every node's credentials
 */
record ClientTls(boolean enabled, Path certsDir) {

  static final String CERTS_DIR = "pekko-raft.security.certs-dir";

  static ClientTls from(Config common) {
    boolean tls = !"plaintext-insecure".equals(common.getString("pekko-raft.security.mode"));
    String dir = common.hasPath(CERTS_DIR) ? common.getString(CERTS_DIR) : "certs";
    return new ClientTls(tls, Home.resolve(dir));
  }

  /** The Artery settings for a client of {@code role}. */
  Config artery(CertificateRole role) {
    return enabled ? ArteryTls.config(credentials(role)) : ArteryTls.plaintext();
  }

  /** The directory of {@code role}'s key and certificate, checked to hold both. */
  Path credentials(CertificateRole role) {
    Path dir = certsDir.resolve(role.label());
    if (!Files.isRegularFile(dir.resolve(CredentialFiles.CERT)) || !Files.isRegularFile(dir.resolve(
        CredentialFiles.KEY))) {
      throw LauncherException.config("no " + role.label() + " certificate in " + Home.show(dir) + ": run bin/raft"
          + " certs first (bin/raft cluster and bin/raft demo do it on first use)");
    }
    return dir;
  }

  /** The admin secret, for {@link CertificateRole#ADMIN} clients; "" when there is none. */
  String adminToken(CertificateRole role) {
    Path file = certsDir.resolve(CertificateRole.ADMIN.label()).resolve(CredentialFiles.ADMIN_SECRET);
    if (role != CertificateRole.ADMIN || !Files.isRegularFile(file)) {
      return "";
    }
    try {
      return CredentialFiles.read(file).strip();
    } catch (IOException e) {
      throw LauncherException.config("cannot read the admin secret " + Home.show(file) + ": " + e.getMessage());
    }
  }
}
