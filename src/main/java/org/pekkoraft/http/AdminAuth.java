package org.pekkoraft.http;

import java.util.Optional;
import org.pekkoraft.security.AdminKey;

/**
 * How an HTTP request proves the admin role: the admin secret ({@code certs/admin/admin.secret}) as a bearer token,
 * {@code Authorization: Bearer <secret>}, checked in constant time against the node's {@code admin.sha256}, as
 * Artery admin requests are. Over HTTPS (security mode tls) the request also came with a certificate of the
 * cluster's CA, and nobody on the network sees the token. The token is then passed on in the admin request, so the
 * leader checks it again.
 */
final class AdminAuth {

  private static final String BEARER = "bearer ";

  /** Null: the node checks nothing (plaintext-insecure without credentials), and neither does this. */
  private final AdminKey key;

  AdminAuth(AdminKey key) {
    this.key = key;
  }

  /** The admin token of a request with this Authorization header, or empty when it proves nothing. */
  Optional<String> token(Optional<String> authorization) {
    String token = authorization.filter(h -> h.regionMatches(true, 0, BEARER, 0, BEARER.length()))
        .map(h -> h.substring(BEARER.length()).strip()).orElse("");
    if (key == null) {
      return Optional.of(token);
    }
    return key.admits(token) ? Optional.of(token) : Optional.empty();
  }
}
