package org.pekkoraft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pekkoraft.security.CertificateAuthority;
import org.pekkoraft.security.CredentialFiles;

/** bin/raft certs keeps what exists, renews one holder in place, and refuses a name that is no directory. */
class CertsMainTest {

  private static BigInteger serial(Path dir) throws Exception {
    return CertificateAuthority.readCertificate(dir.resolve(CredentialFiles.CERT)).getSerialNumber();
  }

  @Test
  void keepsWhatExistsAndRenewsOneHolderInPlace() throws Exception {
    Path client = Cli.certsDir().resolve("client");
    BigInteger before = serial(client);
    Cli.Result again = Cli.run("certs");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("nothing to do"), again.out());
    assertEquals(before, serial(client), "an existing certificate is kept");

    Cli.Result renewed = Cli.run("certs", "--renew", "client");
    assertEquals(0, renewed.code(), renewed.err());
    assertNotEquals(before, serial(client), "a new certificate in the same directory");
    CertificateAuthority.readCertificate(client.resolve(CredentialFiles.CERT)).verify(
        CertificateAuthority.readCertificate(Cli.certsDir().resolve("ca").resolve(CredentialFiles.CA_CERT))
            .getPublicKey());
  }

  @Test
  void refusesANameThatCouldLeaveTheDirectory() {
    Cli.Result bad = Cli.run("certs", "--renew", "../outside");
    assertEquals(ExitCodes.USAGE, bad.code());
    assertTrue(bad.err().contains("--renew takes a node id"), bad.err());
  }
}
