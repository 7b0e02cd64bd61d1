package org.pekkoraft.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Checks made before a node creates anything, so that a second start of a running node fails with one clear line
 * instead of a stack trace (Artery's bind error) or, worse, after writing into another node's data directory.
 * Both checks only look: they create no file.
 */
final class Preflight {

  private Preflight() {}

  /** Fails unless Artery's {@code host:port} can be listened on now. Port 0 (any free port) always can. */
  static void portFree(String host, int port) {
    portFree(host, port, null);
  }

  /** Fails unless {@code host:port}, for {@code what} (e.g. "HTTP"; null: Artery), can be listened on now. */
  static void portFree(String host, int port, String what) {
    if (port == 0) {
      return;
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw LauncherException.config("cannot resolve the " + (what == null ? "Artery" : what) + " hostname '" + host
          + "'");
    }
    try (ServerSocket socket = new ServerSocket()) {
      // SO_REUSEADDR lets a restarted node bind while old connections linger in TIME_WAIT, as Artery can.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port));
    } catch (IOException e) {
      String why = e.getMessage() != null && e.getMessage().contains("in use")
          ? "is already in use (is this node already running? see 'raft status')"
          : "cannot be listened on: " + e.getMessage() + " (is " + host + " an address of this machine?)";
      throw LauncherException.config((what == null ? "" : what + " ") + "port " + port + " on " + host + " " + why);
    }
  }

  /**
   * Fails if another process holds the LevelDB lock of the journal in {@code journalDir}. LevelDB locks its
   * {@code LOCK} file with a POSIX record lock, which Java's file locks see. A directory without a LOCK file has
   * never been opened and is left untouched.
   */
  static void journalUnlocked(Path journalDir) {
    Path lock = journalDir.resolve("LOCK");
    if (!Files.isRegularFile(lock)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock held = channel.tryLock();
      if (held == null) {
        throw locked(journalDir);
      }
      held.release();
    } catch (OverlappingFileLockException e) {
      throw locked(journalDir);
    } catch (IOException e) {
      throw LauncherException.config("cannot open the journal lock " + Home.show(lock) + ": " + e.getMessage());
    }
  }

  /** True if {@code journalDir} exists and holds any file: a journal has been opened there. */
  static boolean holdsData(Path journalDir) {
    if (!Files.isDirectory(journalDir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(journalDir)) {
      return files.findAny().isPresent();
    } catch (IOException e) {
      throw LauncherException.config("cannot read " + Home.show(journalDir) + ": " + e.getMessage());
    }
  }

  private static LauncherException locked(Path journalDir) {
    return LauncherException.config("data directory " + Home.show(journalDir) + " is locked by another running"
        + " node (LevelDB LOCK is held); stop that node first or use another data-dir");
  }
}
