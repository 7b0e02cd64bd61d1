package org.pekkoraft.security;

import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TLS contexts from one credentials directory ({@code tls.key}, {@code tls.crt}, {@code ca.crt}), with the rule
 * Artery's rotating-keys provider applies: a peer's certificate must be issued by the CA in {@code ca.crt} (the only
 * trust anchor) and share a subject name (CN or DNS name) with this holder's own certificate. Every certificate
 * {@code bin/raft certs} issues carries {@value CertificateAuthority#SHARED_NAME}, so nodes, clients and admins
 * accept each other and nothing else. Used for the HTTPS API and its clients.
 */
public final class TlsContexts {

  private static final String PROTOCOL = "TLSv1.3";

  private TlsContexts() {}

  /**
   * A TLSv1.3 context that presents the certificate in {@code dir} and accepts only peers of its CA that share a
   * subject name with it. Servers must still ask for the client's certificate ({@link #requireClientCertificate}).
   *
   * @throws IOException naming the file that is missing or unreadable
   */
  public static SSLContext mutual(Path dir) throws IOException {
    X509Certificate own = CertificateAuthority.readCertificate(dir.resolve(CredentialFiles.CERT));
    X509Certificate ca = CertificateAuthority.readCertificate(dir.resolve(CredentialFiles.CA_CERT));
    PrivateKey key = readKey(dir.resolve(CredentialFiles.KEY));
    try {
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      anchors.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(anchors);
      X509ExtendedTrustManager pkix = null;
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          pkix = x;
        }
      }
      if (pkix == null) {
        throw new GeneralSecurityException("the JDK offers no X509ExtendedTrustManager");
      }
      SSLContext context = SSLContext.getInstance(PROTOCOL);
      context.init(new KeyManager[] {new OneKeyManager(key, own)},
          new TrustManager[] {new SharedNameTrustManager(pkix, subjectNames(own))}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build a TLS context from " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A server-side engine of {@code context} that refuses clients without a certificate. */
  public static SSLEngine requireClientCertificate(SSLContext context) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setNeedClientAuth(true);
    engine.setEnabledProtocols(new String[] {PROTOCOL});
    return engine;
  }

  private static PrivateKey readKey(Path file) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(CredentialFiles.read(file)))) {
      Object parsed = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (parsed instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (parsed instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new IOException(file + " is not an unencrypted PEM private key (PKCS#8 or PKCS#1)");
    }
  }

  /** The certificate's CN and DNS names, as Artery's provider compares them. */
  static Set<String> subjectNames(X509Certificate cert) {
    Set<String> names = new HashSet<>();
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          names.add(String.valueOf(rdn.getValue()));
        }
      }
      Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> name : alternatives) {
          if (Integer.valueOf(2).equals(name.get(0))) {
            names.add(String.valueOf(name.get(1)));
          }
        }
      }
    } catch (InvalidNameException | CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subject of " + cert.getSubjectX500Principal() + ": " + e, e);
    }
    return names;
  }

  /** PKIX against the cluster's CA, then the shared-name rule. */
  private static final class SharedNameTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager pkix;
    private final Set<String> ownNames;

    SharedNameTrustManager(X509ExtendedTrustManager pkix, Set<String> ownNames) {
      this.pkix = pkix;
      this.ownNames = Set.copyOf(ownNames);
    }

    private void shareName(X509Certificate[] chain) throws CertificateException {
      Set<String> theirs = subjectNames(chain[0]);
      if (theirs.stream().noneMatch(ownNames::contains)) {
        throw new CertificateException("none of the peer's subject names " + theirs + " is one of ours " + ownNames);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      pkix.checkClientTrusted(chain, authType, socket);
      shareName(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      pkix.checkServerTrusted(chain, authType, socket);
      shareName(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      pkix.checkClientTrusted(chain, authType, engine);
      shareName(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      pkix.checkServerTrusted(chain, authType, engine);
      shareName(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      pkix.checkClientTrusted(chain, authType);
      shareName(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      pkix.checkServerTrusted(chain, authType);
      shareName(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return pkix.getAcceptedIssuers();
    }
  }
}
