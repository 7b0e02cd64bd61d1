package org.pekkoraft.multijvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces on this machine, joined pairwise by veth pairs of their own (a full mesh), so that the link
 * between two of them can be cut outside every JVM: what a real network partition does to TCP, which the project's
 * link filter inside the JVM cannot show. Namespace {@code i} (1..n) has 10.99.0.i; namespace 0 (for clients) has
 * 10.99.0.100. iproute2 only.
 *
 * <p>A cut replaces the neighbour entries of both ends with a MAC address nobody owns: frames still leave, and the
 * receiving veth drops them silently as addressed to another host. To TCP that is a blackhole, so it retransmits
 * with exponential back-off, as across a failed switch. (A drop in the sender's own queue, or a local blackhole
 * route, is not the same: TCP sees a local error and probes every 500 ms; {@code ip link set down} removes the
 * routes.)
 */
final class NetnsMesh implements AutoCloseable {

  private final String prefix;
  private final int nodes;

  private NetnsMesh(String prefix, int nodes) {
    this.prefix = prefix;
    this.nodes = nodes;
  }

  /** Why namespaces cannot be made here, or null when they can: root, iproute2, namespaces and veth all work. */
  static String whyNot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "not root (network namespaces need root)";
    }
    String probe = "pkrchk" + ProcessHandle.current().pid();
    try {
      if (run(List.of("ip", "netns", "add", probe)) != 0) {
        return "cannot create a network namespace ('ip netns add' failed)";
      }
      try {
        if (run(List.of("ip", "-n", probe, "link", "add", "c0", "type", "veth", "peer", "name", "c1")) != 0) {
          return "no veth support in this kernel";
        }
      } finally {
        run(List.of("ip", "netns", "del", probe));
      }
    } catch (UncheckedIOException e) {
      return "iproute2 ('ip') is not installed: " + e.getMessage();
    }
    return null;
  }

  /** Creates namespaces 0..{@code nodes} (named {@code prefix0}, ...), their addresses and links. */
  static NetnsMesh up(String prefix, int nodes) {
    NetnsMesh mesh = new NetnsMesh(prefix, nodes);
    mesh.close();
    for (int n = 0; n <= nodes; n++) {
      mesh.ip("netns", "add", mesh.ns(n));
      mesh.ip("-n", mesh.ns(n), "link", "set", "lo", "up");
      mesh.ip("-n", mesh.ns(n), "addr", "add", address(n) + "/32", "dev", "lo");
    }
    for (int a = 1; a <= nodes; a++) {
      for (int b = a + 1; b <= nodes; b++) {
        mesh.link(a, b);
      }
      mesh.link(0, a);
    }
    return mesh;
  }

  static String address(int n) {
    return n == 0 ? "10.99.0.100" : "10.99.0." + n;
  }

  String ns(int n) {
    return prefix + n;
  }

  /** The command prefix that runs a program in namespace {@code n}. */
  List<String> exec(int n) {
    return List.of("ip", "netns", "exec", ns(n));
  }

  /** Drops everything between namespaces {@code a} and {@code b}, both ways, silently. */
  void cut(int a, int b) {
    neighbour(a, b, false);
    neighbour(b, a, false);
  }

  void heal(int a, int b) {
    neighbour(a, b, true);
    neighbour(b, a, true);
  }

  @Override
  public void close() {
    for (int n = 0; n <= nodes; n++) {
      run(List.of("ip", "netns", "del", ns(n)));
    }
  }

  /** A veth pair {@code to<b>} in a and {@code to<a>} in b, with /32 routes and permanent neighbours both ways. */
  private void link(int a, int b) {
    String left = "v" + prefix + a + "x" + b;
    String right = "v" + prefix + b + "x" + a;
    ip("link", "add", "name", left, "type", "veth", "peer", "name", right);
    ip("link", "set", left, "netns", ns(a));
    ip("link", "set", right, "netns", ns(b));
    ip("-n", ns(a), "link", "set", left, "name", "to" + b, "up");
    ip("-n", ns(b), "link", "set", right, "name", "to" + a, "up");
    ip("-n", ns(a), "route", "add", address(b) + "/32", "dev", "to" + b, "src", address(a));
    ip("-n", ns(b), "route", "add", address(a) + "/32", "dev", "to" + a, "src", address(b));
    neighbour(a, b, true);
    neighbour(b, a, true);
  }

  /** Namespace a's neighbour entry for b's address: b's real MAC, or one nobody owns. */
  private void neighbour(int a, int b, boolean real) {
    String mac = real ? macOf(b, a) : String.format("02:de:ad:00:%02x:%02x", a, b);
    ip("-n", ns(a), "neigh", "replace", address(b), "lladdr", mac, "dev", "to" + b, "nud", "permanent");
  }

  private String macOf(int n, int peer) {
    String out = output(List.of("ip", "-n", ns(n), "-o", "link", "show", "dev", "to" + peer));
    int at = out.indexOf("link/ether ");
    if (at < 0) {
      throw new IllegalStateException("no MAC address for to" + peer + " in " + ns(n) + ": " + out);
    }
    return out.substring(at + 11, at + 28);
  }

  private void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    String out = output(command);
    if (out.startsWith("FAILED")) {
      throw new IllegalStateException(String.join(" ", command) + ": " + out);
    }
  }

  private static int run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The command's output, or "FAILED (exit N): output" when it fails. */
  private static String output(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "FAILED (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "): " + out.strip();
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }
}
