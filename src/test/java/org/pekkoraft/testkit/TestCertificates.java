package org.pekkoraft.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.stream.Collectors;
import org.pekkoraft.node.ArteryTls;
import org.pekkoraft.security.CertificateAuthority;
import org.pekkoraft.security.CertificateRole;
import org.pekkoraft.security.CredentialFiles;

/**
 * Credentials for tests, made once per build under {@code target/test-certs} (system property
 * {@code raft.test-certs}): {@code cluster/} is the tests' cluster (its CA and the directories {@code node},
 * {@code client} and {@code admin}; every test node shares the one node directory), {@code rogue/} an intruder's
 * CA with the same three directories, whose certificates carry the same names. Safe to call from several JVMs.
 */
public final class TestCertificates {

  private static final Path ROOT = Path.of(System.getProperty("raft.test-certs", "target/test-certs"))
      .toAbsolutePath();

  private TestCertificates() {}

  /** Where the test credentials live. */
  public static Path root() {
    return ROOT;
  }

  /** The tests' cluster: {@code cluster/ca}, {@code cluster/node}, {@code cluster/client}, {@code cluster/admin}. */
  public static Path cluster() {
    return ensure("cluster");
  }

  /** Another CA's credentials, for intruders. */
  public static Path rogue() {
    return ensure("rogue");
  }

  /** A credentials directory of the tests' cluster: "node", "client" or "admin". */
  public static Path dir(String role) {
    return cluster().resolve(role);
  }

  /** The admin secret of the tests' cluster. */
  public static String adminToken() {
    return read(dir("admin").resolve(CredentialFiles.ADMIN_SECRET));
  }

  /** The peer secret of the tests' cluster (what a node's messages carry). */
  public static String peerToken() {
    return read(dir("node").resolve(CredentialFiles.PEER_SECRET));
  }

  /**
   * What in-JVM test nodes run with: plain TCP (several ActorSystems in one JVM, started and stopped by the
   * hundred), but the peer and admin secrets of the tests' cluster checked as over TLS, and its join proof
   * presented when joining the Pekko Cluster. TLS itself is tested by the TLS tests and the multi-JVM tests, which
   * run as shipped.
   */
  public static Config nodeConfig() {
    return ArteryTls.plaintext(dir("node"));
  }

  /**
   * Settings that put test nodes on mutual TLS, as shipped (give them as a TestCluster's extra configuration):
   * for tests whose clients are the command line, which runs TLS as conf/common.conf says.
   */
  public static String tlsNodeSettings() {
    return ArteryTls.config(dir("node")).entrySet().stream()
        .map(e -> e.getKey() + " = " + e.getValue().render(ConfigRenderOptions.concise()))
        .collect(Collectors.joining("\n", "\n", "\n"));
  }

  /** Mutual TLS with the given credentials directory. */
  public static Config tlsConfig(Path dir) {
    return ArteryTls.config(dir);
  }

  private static String read(Path file) {
    try {
      return CredentialFiles.read(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized Path ensure(String name) {
    Path dir = ROOT.resolve(name);
    try {
      Files.createDirectories(ROOT);
      try (FileChannel channel = FileChannel.open(ROOT.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
        if (!Files.isRegularFile(dir.resolve("admin").resolve(CredentialFiles.CERT))) {
          CertificateAuthority ca = CertificateAuthority.exists(dir.resolve("ca"))
              ? CertificateAuthority.open(dir.resolve("ca"))
              : CertificateAuthority.create(dir.resolve("ca"), "pekko-raft test CA " + name);
          ca.issue(dir.resolve("node"), "node", CertificateRole.NODE, Duration.ofDays(30));
          ca.issue(dir.resolve("client"), "client", CertificateRole.CLIENT, Duration.ofDays(30));
          ca.issue(dir.resolve("admin"), "admin", CertificateRole.ADMIN, Duration.ofDays(30));
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create test certificates in " + dir, e);
    }
  }
}
