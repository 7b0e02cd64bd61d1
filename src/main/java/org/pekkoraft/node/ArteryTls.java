package org.pekkoraft.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.Map;
import org.pekkoraft.security.CredentialFiles;

/**
 * The Artery settings for mutual TLS from one credentials directory ({@code tls.key}, {@code tls.crt},
 * {@code ca.crt}), for nodes and clients alike: put it in front of the rest of an ActorSystem's configuration.
 * The provider, protocol and reload interval come from reference.conf; this names the files, which Pekko would
 * otherwise look for under /var/run/secrets.
 */
public final class ArteryTls {

  private static final String ENGINE = "pekko.remote.artery.ssl.rotating-keys-engine.";

  private ArteryTls() {}

  /** Artery over TLS with the credentials in {@code dir}, and {@code pekko-raft.security.dir} set to it. */
  public static Config config(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    return ConfigFactory.parseMap(Map.of(
        "pekko.remote.artery.transport", "tls-tcp",
        ENGINE + "secret-mount-point", abs.toString(),
        ENGINE + "key-file", abs.resolve(CredentialFiles.KEY).toString(),
        ENGINE + "cert-file", abs.resolve(CredentialFiles.CERT).toString(),
        ENGINE + "ca-cert-file", abs.resolve(CredentialFiles.CA_CERT).toString(),
        NodeSecurity.P + "mode", "tls",
        NodeSecurity.P + "dir", abs.toString()));
  }

  /** Plain TCP, loudly insecure: for tests of the transport-independent parts and for measuring TLS's cost. */
  public static Config plaintext() {
    return ConfigFactory.empty()
        .withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tcp"))
        .withValue(NodeSecurity.P + "mode", ConfigValueFactory.fromAnyRef("plaintext-insecure"));
  }
}
