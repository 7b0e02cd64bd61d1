package org.pekkoraft.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The join proof: a fixed derivation of the peer secret, "" for a directory without one. */
class PeerSecretTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void theJoinProofIsTheSha256OfTheContextLineAndTheSecret() {
    // printf 'pekko-raft cluster join\n0123456789abcdef0123456789abcdef' | sha256sum
    assertEquals("66cce09279e4f592bcf663e6d669d8e8f77731b3dcabc86b9051237883a96665",
        PeerSecret.of(SECRET).joinProof());
  }

  @Test
  void aNodeDirectoryGivesTheProofOfItsSecret(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(CredentialFiles.PEER_SECRET), SECRET + "\n");
    assertEquals(PeerSecret.of(SECRET).joinProof(), PeerSecret.joinProof(dir));
  }

  @Test
  void aDirectoryWithoutASecretGivesNoProof(@TempDir Path dir) throws IOException {
    assertEquals("", PeerSecret.joinProof(dir));
  }

  @Test
  void anUnusableSecretIsAnError(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(CredentialFiles.PEER_SECRET), "short");
    assertThrows(IOException.class, () -> PeerSecret.joinProof(dir));
  }
}
