package org.pekkoraft.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import org.apache.pekko.cluster.Valid;
import org.apache.pekko.japi.Util;

/**
 * Pekko's join configuration check for {@code pekko-raft.security.join-proof}, the hash of the peer secret
 * ({@link ArteryTls#credentials}): a join is compatible only when both sides hold the same peer secret, or both
 * none. Mutual TLS lets in every holder of a certificate of the cluster's CA, clients included; this keeps a
 * process that has no node directory (or another cluster's) out of the Pekko Cluster when it joins through seed
 * nodes. Registered in reference.conf under {@code pekko.cluster.configuration-compatibility-check.checkers}.
 *
 * <p>Pekko runs it on a member for each InitJoin, with the proof the joiner sent against its own (on Invalid the
 * member logs the message as a warning and answers "incompatible configuration", without its own proof), and on
 * the joiner for the answer. The joiner enforces the outcome ({@code enforce-on-join}): it logs an error and runs
 * CoordinatedShutdown. A member accepts a Join message without any check, so this is no barrier to a process that
 * sends Join itself ({@code Cluster.join}, or seed nodes with {@code enforce-on-join = off}): it stops honest
 * mistakes, such as a node started with a client's directory or another cluster's, not a hostile client.
 *
 * <p>Must never throw: a joiner's configuration is whatever it sent, and an exception here stops the member's
 * cluster daemon.
 */
final class JoinProofChecker extends JoinConfigCompatChecker {

  static final String REFUSAL = "the joining node does not hold this cluster's peer secret ("
      + NodeSecurity.JOIN_PROOF + " missing or different)";

  @Override
  public scala.collection.immutable.Seq<String> requiredKeys() {
    return Util.immutableSingletonSeq(NodeSecurity.JOIN_PROOF);
  }

  /** Valid when both configurations hold the same proof; compares in the same time wherever they differ. */
  @Override
  public ConfigValidation check(Config toCheck, Config actualConfig) {
    byte[] theirs = proof(toCheck);
    byte[] ours = proof(actualConfig);
    if (theirs != null && ours != null && MessageDigest.isEqual(theirs, ours)) {
      return Valid.getInstance();
    }
    return new Invalid(Util.immutableSingletonSeq(REFUSAL));
  }

  /** The proof in {@code config}, or null when it has none as a string. */
  private static byte[] proof(Config config) {
    try {
      if (!config.hasPath(NodeSecurity.JOIN_PROOF)
          || config.getValue(NodeSecurity.JOIN_PROOF).valueType() != ConfigValueType.STRING) {
        return null;
      }
      return config.getString(NodeSecurity.JOIN_PROOF).getBytes(StandardCharsets.UTF_8);
    } catch (ConfigException e) {
      return null;
    }
  }
}
