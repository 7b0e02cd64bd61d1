package org.pekkoraft.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The node credential every Raft message carries. Mutual TLS admits any holder of a certificate of the cluster's
 * CA, clients included, and Artery does not tell the receiving actor whose certificate a connection used; this
 * secret, which only node directories hold, is what tells a node's message from a client's forgery.
 */
public final class PeerSecret {

  private static final int MIN_CHARS = 32;
  private static final int MAX_CHARS = 256;
  /** Sets the join proof apart from any other hash of the secret this project might ever derive. */
  private static final String JOIN_PROOF_CONTEXT = "pekko-raft cluster join\n";

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

  /**
   * The join proof of the node directory {@code dir} ({@link #joinProof()}), or "" when it holds no
   * {@value CredentialFiles#PEER_SECRET} (a client's or an admin's directory).
   *
   * @throws IOException when the file is there but cannot be read or is no peer secret
   */
  public static String joinProof(Path dir) throws IOException {
    Path file = dir.resolve(CredentialFiles.PEER_SECRET);
    return Files.isRegularFile(file) ? read(file).joinProof() : "";
  }

  /**
   * What a node presents when it joins the Pekko Cluster ({@code pekko-raft.security.join-proof}): the hex
   * SHA-256 of a fixed context line and this secret. Pekko sends it to every seed node a joiner asks, so it is
   * not the secret itself: whoever learns it can ask to join the Pekko Cluster, but cannot forge a Raft message.
   */
  public String joinProof() {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha256.digest((JOIN_PROOF_CONTEXT + value).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
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
