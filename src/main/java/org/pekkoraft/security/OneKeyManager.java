package org.pekkoraft.security;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers one key and its certificate, held in memory, for every handshake whose key type is the key's. It stands in
 * for a KeyManagerFactory over a PKCS12 KeyStore, which encrypts the key on the way in (PBKDF2, thousands of
 * rounds): a tenth of a second or more of a command-line client's start, for nothing.
 */
final class OneKeyManager extends X509ExtendedKeyManager {

  private static final String ALIAS = "self";

  private final PrivateKey key;
  private final X509Certificate[] chain;

  OneKeyManager(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.chain = new X509Certificate[] {certificate};
  }

  private String aliasFor(String keyType) {
    return key.getAlgorithm().equals(keyType) ? ALIAS : null;
  }

  private String aliasFor(String[] keyTypes) {
    if (keyTypes != null) {
      for (String keyType : keyTypes) {
        if (aliasFor(keyType) != null) {
          return ALIAS;
        }
      }
    }
    return null;
  }

  private String[] aliases(String keyType) {
    return aliasFor(keyType) == null ? null : new String[] {ALIAS};
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return aliasFor(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyTypes);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }
}
