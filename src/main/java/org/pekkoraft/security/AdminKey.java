package org.pekkoraft.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a node needs to check an administrator's requests: the SHA-256 of the admin secret. The secret itself is
 * only in admin directories, so a node's directory (or a stolen copy of it) does not make its holder an admin.
 */
public final class AdminKey {

  private static final int MAX_TOKEN_CHARS = 256;

  private final byte[] hash;

  private AdminKey(byte[] hash) {
    if (hash.length != 32) {
      throw new IllegalArgumentException("an admin key is a SHA-256 hash (32 bytes), this one has " + hash.length);
    }
    this.hash = hash;
  }

  /** Reads {@code admin.sha256}: the hash in hex. */
  public static AdminKey read(Path file) throws IOException {
    try {
      return new AdminKey(HexFormat.of().parseHex(CredentialFiles.read(file).strip()));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " does not hold a SHA-256 hash in hex: " + e.getMessage(), e);
    }
  }

  /** The key that admits {@code secret}. */
  public static AdminKey of(String secret) {
    return new AdminKey(sha256(secret));
  }

  /** The text of an {@code admin.sha256} file for {@code secret}. */
  public static String hashText(String secret) {
    return HexFormat.of().formatHex(sha256(secret));
  }

  /** True when {@code token} is the admin secret; compares in constant time. */
  public boolean admits(String token) {
    return token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_CHARS
        && MessageDigest.isEqual(hash, sha256(token));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "AdminKey[hidden]";
  }
}
