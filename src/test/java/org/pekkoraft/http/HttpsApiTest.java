package org.pekkoraft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pekkoraft.security.CertificateAuthority;
import org.pekkoraft.security.CredentialFiles;
import org.pekkoraft.security.TlsContexts;
import org.pekkoraft.testkit.TestCertificates;
import org.pekkoraft.testkit.TestCluster;

/**
 * With {@code security.mode = tls} the HTTP API is HTTPS with mutual TLS from the node's credentials: a client with
 * the cluster's client certificate gets through; one without a certificate, with a certificate of another CA (whose
 * names are the same), or speaking plain HTTP does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsApiTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private TestCluster cluster;
  private URI api;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(TestCluster.tempDir("https-api"), 1, TestCertificates.tlsNodeSettings()
        + "pekko-raft.http { enabled = on, port = 0 }");
    cluster.awaitLeader(WAIT);
    api = cluster.node("n1").httpUri();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void theApiIsHttps() {
    assertEquals("https", api.getScheme());
  }

  @Test
  void aClientWithTheClustersClientCertificateGetsThrough() throws IOException {
    HttpProbe client = new HttpProbe(TlsContexts.mutual(TestCertificates.dir("client")));
    HttpProbe.Answer health = client.get(api.resolve("/health"));
    assertEquals(200, health.status(), health.body());
    assertEquals("n1", client.get(api.resolve("/status")).json().get("node").asText());
    HttpProbe.Answer put = client.send("PUT", api.resolve("/kv/over-tls"), "{\"value\": \"v\"}",
        Optional.empty());
    assertEquals(200, put.status(), "the node's own client reaches Raft over TLS Artery: " + put.body());
    assertEquals("v", client.get(api.resolve("/kv/over-tls")).json().get("value").asText());
  }

  @Test
  void aClientWithoutACertificateIsRefused() throws Exception {
    HttpProbe anonymous = new HttpProbe(trustOnly(TestCertificates.dir("client")));
    IOException refused = assertThrows(IOException.class, () -> anonymous.get(api.resolve("/health")));
    assertTrue(String.valueOf(refused.getMessage()).contains("Received fatal alert"), "the server refused: "
        + refused);
  }

  @Test
  void aClientWithACertificateOfAnotherCaIsRefused() throws IOException {
    Path rogue = TestCertificates.rogue().resolve("client");
    assertTrue(CertificateAuthority.readCertificate(rogue.resolve(CredentialFiles.CERT)).getSubjectX500Principal()
        .getName().contains("client"), "the intruder's certificate carries the same names");
    // The intruder's key and certificate, but it trusts the real cluster's CA: the failure can only be the server
    // refusing its certificate, not the intruder refusing the server's.
    Path dir = Files.createTempDirectory("rogue-client");
    for (String file : List.of(CredentialFiles.KEY, CredentialFiles.CERT)) {
      Files.copy(rogue.resolve(file), dir.resolve(file));
    }
    Files.copy(TestCertificates.dir("client").resolve(CredentialFiles.CA_CERT), dir.resolve(CredentialFiles.CA_CERT));
    HttpProbe intruder = new HttpProbe(TlsContexts.mutual(dir));
    IOException refused = assertThrows(IOException.class, () -> intruder.get(api.resolve("/health")));
    assertTrue(String.valueOf(refused.getMessage()).contains("Received fatal alert"), "the server refused: "
        + refused);
  }

  @Test
  void plainHttpIsNotServed() {
    HttpProbe plain = new HttpProbe();
    URI http = URI.create("http://" + api.getHost() + ":" + api.getPort() + "/health");
    assertThrows(IOException.class, () -> plain.get(http));
  }

  /** A TLS context that trusts the cluster's CA but presents no certificate. */
  private static SSLContext trustOnly(Path dir) throws Exception {
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    anchors.setCertificateEntry("ca", CertificateAuthority.readCertificate(dir.resolve(CredentialFiles.CA_CERT)));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(anchors);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
