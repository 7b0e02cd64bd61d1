package org.pekkoraft.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code raft certs}: creates the local cluster's certificate authority and the credentials of node-1 to node-5,
 * a client and an admin under {@code pekko-raft.security.certs-dir} (default {@code certs/}), keeping whatever
 * exists; {@code --renew NAME} issues NAME a new key and certificate in place, which a running node picks up
 * within {@code ssl-context-cache-ttl}. Exit 0, or 2 on a configuration or file problem.
 */
final class CertsMain {

  private CertsMain() {}

  static int run(Args args, PrintStream out) {
    Path dir = Endpoints.clientTls().certsDir();
    Progress progress = new Progress(out);
    Optional<String> renew = args.option("renew");
    if (renew.isPresent()) {
      String name = renew.get();
      if (!LocalCertificates.defaultNames().contains(name) && !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
        throw LauncherException.config("--renew takes a node id, 'client' or 'admin'; '" + name + "' is none");
      }
      LocalCertificates.renew(dir, name, progress);
      out.println("renewed " + Home.show(dir.resolve(name)) + "; a running node uses it for new connections within"
          + " ssl-context-cache-ttl (10s)");
      return ExitCodes.OK;
    }
    List<String> created = LocalCertificates.ensure(dir, LocalCertificates.defaultNames(), progress);
    out.println(created.isEmpty() ? "certificates in " + Home.show(dir) + " are complete; nothing to do"
        : "created " + String.join(", ", created) + " in " + Home.show(dir)
            + " (keep ca/ private: it can issue certificates for this cluster)");
    return ExitCodes.OK;
  }
}
