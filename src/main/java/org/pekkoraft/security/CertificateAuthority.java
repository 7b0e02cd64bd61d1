package org.pekkoraft.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster's own certificate authority, kept in a directory: {@code ca.key} (owner-only), {@code ca.crt}, and the
 * cluster's two secrets ({@code peer.secret}, {@code admin.secret}). It issues RSA certificates directly under its
 * root, as Artery's rotating-keys provider requires, each naming {@value #SHARED_NAME} among its subject names:
 * that provider accepts a peer only if it shares a subject name with the local certificate, so every certificate
 * of the cluster must carry one name in common, and a certificate of another CA is refused whatever its names.
 */
public final class CertificateAuthority {

  /** The subject name every certificate of a cluster shares (see the class comment). */
  public static final String SHARED_NAME = "pekko-raft";

  private static final String CA_KEY = "ca.key";
  private static final int KEY_BITS = 2048;
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);

  private final Path dir;
  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(Path dir, X509Certificate certificate, PrivateKey key) {
    this.dir = dir;
    this.certificate = certificate;
    this.key = key;
  }

  /** True when {@code dir} holds an authority. */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(CA_KEY)) && Files.isRegularFile(dir.resolve(CredentialFiles.CA_CERT));
  }

  /** Creates a new authority named {@code name} in {@code dir}; refuses to overwrite one. */
  public static CertificateAuthority create(Path dir, String name) throws IOException {
    if (exists(dir)) {
      throw new IOException(dir + " already holds a certificate authority; remove it first to start a new one");
    }
    try {
      KeyPair pair = newKeyPair();
      X500Name subject = name(name, "ca");
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate cert = sign(builder, pair.getPrivate());
      CredentialFiles.write(dir.resolve(CA_KEY), pem(new JcaPKCS8Generator(pair.getPrivate(), null)), true);
      CredentialFiles.write(dir.resolve(CredentialFiles.CA_CERT), pem(cert), false);
      CredentialFiles.write(dir.resolve(CredentialFiles.PEER_SECRET), PeerSecret.generate() + "\n", true);
      CredentialFiles.write(dir.resolve(CredentialFiles.ADMIN_SECRET), PeerSecret.generate() + "\n", true);
      return new CertificateAuthority(dir, cert, pair.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create a certificate authority: " + e.getMessage(), e);
    }
  }

  /** Opens the authority in {@code dir}. */
  public static CertificateAuthority open(Path dir) throws IOException {
    if (!exists(dir)) {
      throw new IOException(dir + " holds no certificate authority (" + CA_KEY + " and " + CredentialFiles.CA_CERT
          + ")");
    }
    try (PEMParser parser = new PEMParser(new StringReader(CredentialFiles.read(dir.resolve(CA_KEY))))) {
      Object parsed = parser.readObject();
      if (!(parsed instanceof PrivateKeyInfo info)) {
        throw new IOException(dir.resolve(CA_KEY) + " is not an unencrypted PKCS#8 private key");
      }
      PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
      return new CertificateAuthority(dir, readCertificate(dir.resolve(CredentialFiles.CA_CERT)), key);
    }
  }

  public Path dir() {
    return dir;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Issues a certificate for {@code name} into {@code target}: {@code tls.key}, {@code tls.crt}, {@code ca.crt} and
   * the secrets of {@code role}. Re-issuing into a directory in use is how a certificate is rotated: each file is
   * replaced atomically, the key before the certificate.
   */
  public void issue(Path target, String name, CertificateRole role, Duration validity) throws IOException {
    try {
      KeyPair pair = newKeyPair();
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), name(name, role.label()),
          pair.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      // Every holder is a TLS server and a TLS client: Artery connects both ways.
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(List.of(
          new GeneralName(GeneralName.dNSName, SHARED_NAME),
          new GeneralName(GeneralName.dNSName, name),
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1")).toArray(GeneralName[]::new)));
      builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate cert = sign(builder, key);
      CredentialFiles.write(target.resolve(CredentialFiles.KEY), pem(new JcaPKCS8Generator(pair.getPrivate(), null)),
          true);
      CredentialFiles.write(target.resolve(CredentialFiles.CERT), pem(cert), false);
      CredentialFiles.write(target.resolve(CredentialFiles.CA_CERT), pem(certificate), false);
      for (String secret : role.secretFiles()) {
        CredentialFiles.write(target.resolve(secret), secretText(secret), true);
      }
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot issue a certificate for " + name + ": " + e.getMessage(), e);
    }
  }

  /** Reads one PEM certificate. */
  public static X509Certificate readCertificate(Path file) throws IOException {
    try (var in = new java.io.ByteArrayInputStream(CredentialFiles.read(file).getBytes(
        java.nio.charset.StandardCharsets.US_ASCII))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private String secretText(String file) throws IOException {
    return switch (file) {
      case CredentialFiles.PEER_SECRET, CredentialFiles.ADMIN_SECRET ->
          CredentialFiles.read(dir.resolve(file)).strip() + "\n";
      case CredentialFiles.ADMIN_HASH ->
          AdminKey.hashText(CredentialFiles.read(dir.resolve(CredentialFiles.ADMIN_SECRET)).strip()) + "\n";
      default -> throw new IllegalArgumentException("no secret file " + file);
    };
  }

  private static X500Name name(String commonName, String unit) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, SHARED_NAME).addRDN(BCStyle.OU, unit)
        .addRDN(BCStyle.CN, commonName).build();
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(KEY_BITS);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }
}
