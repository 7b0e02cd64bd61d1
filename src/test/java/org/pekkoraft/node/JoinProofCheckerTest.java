package org.pekkoraft.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.Valid;
import org.apache.pekko.japi.Util;
import org.junit.jupiter.api.Test;
import org.pekkoraft.testkit.TestCertificates;

/** Only the proof of the same peer secret, or no secret on both sides, makes a join compatible. */
class JoinProofCheckerTest {

  private static final JoinProofChecker CHECKER = new JoinProofChecker();
  private static final Invalid REFUSED = new Invalid(Util.immutableSingletonSeq(JoinProofChecker.REFUSAL));

  private static Config proof(String value) {
    return ConfigFactory.parseString(NodeSecurity.JOIN_PROOF + " = \"" + value + "\"");
  }

  private static String proofOf(String role) {
    return ArteryTls.credentials(TestCertificates.cluster().resolve(role)).getString(NodeSecurity.JOIN_PROOF);
  }

  private static ConfigValidation check(Config joiner, Config member) {
    return CHECKER.check(joiner, member);
  }

  @Test
  void requiresTheProofKey() {
    assertEquals(List.of(NodeSecurity.JOIN_PROOF), Util.javaArrayList(CHECKER.requiredKeys()));
  }

  @Test
  void theSamePeerSecretIsValid() {
    String node = proofOf("node");
    assertEquals(64, node.length());
    assertEquals(Valid.getInstance(), check(proof(node), proof(node)));
  }

  @Test
  void twoNodesWithoutAPeerSecretAreValid() {
    assertEquals(Valid.getInstance(), check(proof(""), proof("")));
  }

  @Test
  void aClientsDirectoryHasNoProofAndIsRefused() {
    assertEquals("", proofOf("client"));
    assertEquals(REFUSED, check(proof(proofOf("client")), proof(proofOf("node"))));
  }

  @Test
  void anotherClustersPeerSecretIsRefused() {
    String rogue = ArteryTls.credentials(TestCertificates.rogue().resolve("node")).getString(NodeSecurity.JOIN_PROOF);
    assertNotEquals(proofOf("node"), rogue);
    assertEquals(REFUSED, check(proof(rogue), proof(proofOf("node"))));
  }

  @Test
  void aProofIsRefusedByAMemberWithoutOne() {
    assertEquals(REFUSED, check(proof(proofOf("node")), proof("")));
  }

  @Test
  void aMissingProofIsRefusedEvenByAMemberWithoutOne() {
    assertEquals(REFUSED, check(ConfigFactory.empty(), proof("")));
    assertEquals(REFUSED, check(ConfigFactory.empty(), proof(proofOf("node"))));
  }

  @Test
  void aMalformedProofIsRefusedWithoutAnException() {
    Config member = proof(proofOf("node"));
    assertEquals(REFUSED, check(ConfigFactory.parseString(NodeSecurity.JOIN_PROOF + " = [1, 2]"), member));
    assertEquals(REFUSED, check(ConfigFactory.parseString(NodeSecurity.JOIN_PROOF + " { a = 1 }"), member));
    assertEquals(REFUSED, check(ConfigFactory.parseString("pekko-raft.security = 3"), member));
  }
}
