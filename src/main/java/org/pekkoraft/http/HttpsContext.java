package org.pekkoraft.http;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.pekkoraft.security.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS with mutual TLS from the node's credentials directory, as Artery's: only clients with a certificate of the
 * cluster's CA (sharing a subject name with the node's) connect. Like Artery's provider it reads the PEM files again
 * once {@code reloadAfter} has passed, so a renewed certificate is used without a restart; if the files cannot be
 * read then (a renewal half done), it keeps the context it has and tries again at the next connection.
 */
final class HttpsContext {

  private static final Logger log = LoggerFactory.getLogger(HttpsContext.class);

  private final Path dir;
  private final long reloadAfterNanos;
  private SSLContext context;
  private long loadedAt;

  /** @throws IOException naming the credential file that is missing or unusable */
  HttpsContext(Path dir, Duration reloadAfter) throws IOException {
    this.dir = dir;
    this.reloadAfterNanos = reloadAfter.toNanos();
    this.context = TlsContexts.mutual(dir);
    this.loadedAt = System.nanoTime();
  }

  HttpsConnectionContext connectionContext() {
    return ConnectionContext.httpsServer(this::engine);
  }

  private synchronized SSLEngine engine() {
    long now = System.nanoTime();
    if (now - loadedAt > reloadAfterNanos) {
      try {
        context = TlsContexts.mutual(dir);
      } catch (IOException e) {
        log.warn("Keeping the HTTPS credentials loaded earlier: {}", e.getMessage());
      }
      loadedAt = now;
    }
    return TlsContexts.requireClientCertificate(context);
  }
}
