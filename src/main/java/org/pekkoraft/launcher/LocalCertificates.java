package org.pekkoraft.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.pekkoraft.security.CertificateAuthority;
import org.pekkoraft.security.CertificateRole;
import org.pekkoraft.security.CredentialFiles;

/**
 * The local cluster's credentials under one directory: {@code ca/} (the authority and the cluster's secrets),
 * one directory per node, {@code client/} and {@code admin/}. Missing pieces are created; existing ones are kept,
 * so a cluster's certificates survive restarts and only {@link #renew} replaces one.
 */
final class LocalCertificates {

  static final String CA = "ca";
  static final Duration VALIDITY = Duration.ofDays(825);

  private LocalCertificates() {}

  /** The names {@code bin/raft cluster} and the demo use: node-1 to node-5, client and admin. */
  static List<String> defaultNames() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      names.add("node-" + i);
    }
    names.add(CertificateRole.CLIENT.label());
    names.add(CertificateRole.ADMIN.label());
    return names;
  }

  /** Creates whatever of the authority and {@code names} is missing under {@code dir}; returns what it created. */
  static List<String> ensure(Path dir, List<String> names, Progress progress) {
    List<String> created = new ArrayList<>();
    try {
      Path caDir = dir.resolve(CA);
      CertificateAuthority ca;
      if (CertificateAuthority.exists(caDir)) {
        ca = CertificateAuthority.open(caDir);
      } else {
        progress.say("creating a certificate authority for this cluster in " + Home.show(caDir));
        ca = CertificateAuthority.create(caDir, "pekko-raft cluster CA " + dir.toAbsolutePath().getFileName());
        created.add(CA);
      }
      for (String name : names) {
        Path target = dir.resolve(name);
        if (!Files.isRegularFile(target.resolve(CredentialFiles.CERT))) {
          progress.say("issuing " + name + " its " + role(name).label() + " certificate: " + Home.show(target));
          ca.issue(target, name, role(name), VALIDITY);
          created.add(name);
        }
      }
      return created;
    } catch (IOException e) {
      throw LauncherException.config("cannot create certificates in " + Home.show(dir) + ": " + e.getMessage());
    }
  }

  /** Issues {@code name} a new key and certificate in place (rotation: a running node picks it up). */
  static void renew(Path dir, String name, Progress progress) {
    try {
      CertificateAuthority ca = CertificateAuthority.open(dir.resolve(CA));
      progress.say("renewing the " + role(name).label() + " certificate " + Home.show(dir.resolve(name)));
      ca.issue(dir.resolve(name), name, role(name), VALIDITY);
    } catch (IOException e) {
      throw LauncherException.config("cannot renew " + name + ": " + e.getMessage()
          + " (bin/raft certs creates the authority)");
    }
  }

  /** {@code client} and {@code admin} are those roles; every other name is a node's. */
  static CertificateRole role(String name) {
    if (name.equals(CertificateRole.CLIENT.label())) {
      return CertificateRole.CLIENT;
    }
    return name.equals(CertificateRole.ADMIN.label()) ? CertificateRole.ADMIN : CertificateRole.NODE;
  }
}
