package org.pekkoraft.security;

import java.util.List;

/**
 * What a certificate directory is for, and so which files the authority puts in it besides {@code tls.key},
 * {@code tls.crt} and {@code ca.crt}. Every role's certificate opens a TLS connection to the cluster; what the
 * holder may do once connected is decided by the secrets in the directory.
 */
public enum CertificateRole {
  /** A Raft node: the peer secret (its messages are accepted as a node's) and the admin key's hash (to check). */
  NODE(List.of(CredentialFiles.PEER_SECRET, CredentialFiles.ADMIN_HASH)),
  /** A client that reads and writes keys and asks for status, and nothing else. */
  CLIENT(List.of()),
  /** An operator: a client that may also change membership and transfer leadership (holds the admin secret). */
  ADMIN(List.of(CredentialFiles.ADMIN_SECRET));

  private final List<String> secretFiles;

  CertificateRole(List<String> secretFiles) {
    this.secretFiles = secretFiles;
  }

  /** The secret files, beyond the certificate and key, that a directory of this role holds. */
  public List<String> secretFiles() {
    return secretFiles;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
