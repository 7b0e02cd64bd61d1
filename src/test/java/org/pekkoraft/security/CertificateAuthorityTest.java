package org.pekkoraft.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster CA issues what Artery's rotating-keys provider needs, and the secrets go only where they belong. */
class CertificateAuthorityTest {

  @TempDir
  Path dir;

  @Test
  void issuesCertificatesOfItsRootWithTheSharedNameAndTheSecretsOfEachRole() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create(dir.resolve("ca"), "test CA");
    for (CertificateRole role : CertificateRole.values()) {
      ca.issue(dir.resolve(role.label()), role.label(), role, Duration.ofDays(1));
    }
    X509Certificate root = CertificateAuthority.readCertificate(dir.resolve("ca").resolve(CredentialFiles.CA_CERT));
    for (CertificateRole role : CertificateRole.values()) {
      Path issued = dir.resolve(role.label());
      X509Certificate cert = CertificateAuthority.readCertificate(issued.resolve(CredentialFiles.CERT));
      cert.verify(root.getPublicKey());
      cert.checkValidity();
      assertEquals(-1, cert.getBasicConstraints(), "not a CA");
      assertTrue(cert.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")),
          "serverAuth and clientAuth");
      assertTrue(cert.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("pekko-raft")));
      assertTrue(Files.readString(issued.resolve(CredentialFiles.KEY)).startsWith("-----BEGIN PRIVATE KEY-----"),
          "unencrypted PKCS#8, as the provider reads it");
      assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(issued.resolve(CredentialFiles.KEY)));
      for (String secret : List.of(CredentialFiles.PEER_SECRET, CredentialFiles.ADMIN_SECRET,
          CredentialFiles.ADMIN_HASH)) {
        assertEquals(role.secretFiles().contains(secret), Files.exists(issued.resolve(secret)),
            role + " directory and " + secret);
      }
    }
    String admin = CredentialFiles.read(dir.resolve("admin").resolve(CredentialFiles.ADMIN_SECRET)).strip();
    AdminKey key = AdminKey.read(dir.resolve("node").resolve(CredentialFiles.ADMIN_HASH));
    assertTrue(key.admits(admin));
    assertFalse(key.admits(admin.substring(1)));
    assertFalse(key.admits(""));
    PeerSecret peer = PeerSecret.read(dir.resolve("node").resolve(CredentialFiles.PEER_SECRET));
    assertTrue(peer.matches(CredentialFiles.read(dir.resolve("ca").resolve(CredentialFiles.PEER_SECRET)).strip()));
    assertFalse(peer.matches(admin));
    assertFalse(peer.matches(null));
  }

  @Test
  void reissuingRotatesTheKeyAndKeepsTheSecrets() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create(dir.resolve("ca"), "test CA");
    Path node = dir.resolve("node-1");
    ca.issue(node, "node-1", CertificateRole.NODE, Duration.ofDays(1));
    String key = Files.readString(node.resolve(CredentialFiles.KEY));
    String secret = Files.readString(node.resolve(CredentialFiles.PEER_SECRET));
    CertificateAuthority.open(dir.resolve("ca")).issue(node, "node-1", CertificateRole.NODE, Duration.ofDays(1));
    assertFalse(key.equals(Files.readString(node.resolve(CredentialFiles.KEY))), "a new key");
    assertEquals(secret, Files.readString(node.resolve(CredentialFiles.PEER_SECRET)), "the same cluster secret");
    try (var files = Files.list(node)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
    }
  }

  @Test
  void refusesToOverwriteAnAuthorityOrToReadOversizedOrMalformedFiles() throws Exception {
    CertificateAuthority.create(dir.resolve("ca"), "test CA");
    assertThrows(IOException.class, () -> CertificateAuthority.create(dir.resolve("ca"), "again"));
    Path big = dir.resolve("big");
    Files.write(big, new byte[(int) CredentialFiles.MAX_FILE_BYTES + 1]);
    assertThrows(IOException.class, () -> CredentialFiles.read(big));
    Path shortSecret = Files.writeString(dir.resolve("short"), "tooshort\n");
    assertThrows(IOException.class, () -> PeerSecret.read(shortSecret));
    Path notHex = Files.writeString(dir.resolve("hash"), "not a hash\n");
    assertThrows(IOException.class, () -> AdminKey.read(notHex));
  }
}
