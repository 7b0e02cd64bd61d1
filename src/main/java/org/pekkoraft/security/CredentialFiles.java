package org.pekkoraft.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file names of a credentials directory, and how they are read and written: reads are bounded (a credential
 * file is small; a huge one is an error, never an allocation), writes replace the file atomically so that a node
 * reloading its certificate never reads half of one, and private files are created readable by the owner only.
 */
public final class CredentialFiles {

  /** This holder's private key (unencrypted PKCS#8 PEM, RSA: what Artery's rotating-keys provider reads). */
  public static final String KEY = "tls.key";
  /** This holder's certificate (PEM), issued directly by the cluster's CA. */
  public static final String CERT = "tls.crt";
  /** The cluster CA's certificate (PEM): the only certificate a connection is checked against. */
  public static final String CA_CERT = "ca.crt";
  /** Nodes only: the shared node credential that every Raft message carries. */
  public static final String PEER_SECRET = "peer.secret";
  /** Administrators only: the credential that membership changes and leadership transfers carry. */
  public static final String ADMIN_SECRET = "admin.secret";
  /** Nodes: the SHA-256 of the admin secret, enough to check it and useless to present. */
  public static final String ADMIN_HASH = "admin.sha256";

  /** Larger than any PEM key or certificate this project writes; a bigger file is refused unread. */
  static final long MAX_FILE_BYTES = 64 * 1024;

  private CredentialFiles() {}

  /** Reads a small text file, refusing one over {@link #MAX_FILE_BYTES} before reading it. */
  public static String read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new IOException(file + " is " + size + " bytes; a credentials file is at most " + MAX_FILE_BYTES);
    }
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  /** Writes {@code text} to {@code file} through a temporary file and an atomic rename. */
  public static void write(Path file, String text, boolean ownerOnly) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (ownerOnly) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
