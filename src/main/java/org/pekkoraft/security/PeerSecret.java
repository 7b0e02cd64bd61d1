package org.pekkoraft.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The node credential every Raft message carries. Mutual TLS admits any holder of a certificate of the cluster's
 * CA, clients included, and Artery does not tell the receiving actor whose certificate a connection used; this
 * secret, which only node directories hold, is what tells a node's message from a client's forgery.
 */
public final class PeerSecret {

  private static final int MIN_CHARS = 32;
  private static final int MAX_CHARS = 256;

  private final String value;

  private PeerSecret(String value) {
    if (value.length() < MIN_CHARS || value.length() > MAX_CHARS) {
      throw new IllegalArgumentException("a peer secret has " + MIN_CHARS + " to " + MAX_CHARS
          + " characters, this one " + value.length());
    }
    this.value = value;
  }

  public static PeerSecret read(Path file) throws IOException {
    try {
      return new PeerSecret(CredentialFiles.read(file).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  public static PeerSecret of(String value) {
    return new PeerSecret(value);
  }

  /** 32 random bytes, URL-safe base64: the format of peer and admin secrets. */
  public static String generate() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The token to put in outgoing messages. */
  public String token() {
    return value;
  }

  /** True when {@code token} is this secret; takes the same time wherever the first difference is. */
  public boolean matches(String token) {
    return token != null && token.length() <= MAX_CHARS
        && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "PeerSecret[hidden]";
  }
}
