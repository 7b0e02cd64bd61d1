package org.pekkoraft.multijvm;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.pekkoraft.security.CertificateAuthority;
import org.pekkoraft.security.CredentialFiles;

/** A bare TLS handshake with a node's Artery port, to see which certificate the node presents right now. */
final class TlsProbe {

  private TlsProbe() {}

  /** The serial number of the certificate {@code endpoint} presents to a client holding {@code credentials}. */
  static BigInteger presentedSerial(String endpoint, Path credentials) throws Exception {
    PrivateKey key;
    try (PEMParser parser = new PEMParser(new StringReader(CredentialFiles.read(
        credentials.resolve(CredentialFiles.KEY))))) {
      key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
    }
    X509Certificate cert = CertificateAuthority.readCertificate(credentials.resolve(CredentialFiles.CERT));
    X509Certificate ca = CertificateAuthority.readCertificate(credentials.resolve(CredentialFiles.CA_CERT));
    char[] password = "probe".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("probe", key, password, new Certificate[] {cert});
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    int colon = endpoint.lastIndexOf(':');
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(endpoint.substring(0, colon),
        Integer.parseInt(endpoint.substring(colon + 1)))) {
      socket.setSoTimeout(5000);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }
}
