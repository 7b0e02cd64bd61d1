package org.pekkoraft.launcher;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pekkoraft.protocol.BoundedCborSerializer;
import org.slf4j.LoggerFactory;

/**
 * The entry point of {@code bin/raft}: picks the subcommand, parses its arguments strictly, runs it, and turns
 * every expected failure into one line on stderr and an exit code from {@link ExitCodes}. Usage errors (an unknown
 * subcommand or option, missing arguments) print the usage and exit 2.
 */
public final class Main {

  static final String LOGBACK_CONFIG = "logback.configurationFile";
  /** "json" for JSON logs from a node (conf/logback-json.xml), "text" (the default) for conf/logback.xml. */
  static final String LOG_FORMAT = "raft.log.format";
  /** Client-side logging: errors only, to stderr, so that stdout holds nothing but results. */
  static final String QUIET_LOGBACK = "org/pekkoraft/launcher/logback-cli.xml";

  /** The commands that talk to nodes and may do so without an ActorSystem. */
  private static final Set<String> CLIENT_COMMANDS = Set.of("put", "get", "delete", "cas", "range", "txn", "status",
      "members", "add-member", "remove-member", "transfer-leader");

  private Main() {}

  public static void main(String[] args) {
    String format = System.getProperty(LOG_FORMAT, "text");
    if (!format.equals("text") && !format.equals("json")) {
      System.err.println("raft: -D" + LOG_FORMAT + " is 'text' or 'json', not '" + format + "'");
      System.exit(ExitCodes.USAGE);
    }
    configureLogging(args.length > 0 ? args[0] : "", format);
    installBoundedCbor();
    int code = run(args, System.in, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /**
   * Runs one command line; returns the exit code (nodes, clusters and the demo return when they stop). {@code in}
   * is read only by {@code --from-file -}.
   */
  public static int run(String[] argv, InputStream in, PrintStream out, PrintStream err) {
    if (argv.length == 0) {
      err.print(Usage.overall());
      return ExitCodes.USAGE;
    }
    String name = argv[0];
    if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
      out.print(Usage.overall());
      return ExitCodes.OK;
    }
    Optional<CommandSpec> spec = Usage.command(name);
    if (spec.isEmpty()) {
      err.println("raft: unknown command '" + name + "'");
      err.print(Usage.overall());
      return ExitCodes.USAGE;
    }
    try {
      Args args = Args.parse(spec.get(), List.of(argv).subList(1, argv.length));
      if (args.help()) {
        out.print(spec.get().usage());
        return ExitCodes.OK;
      }
      return dispatch(name, args, in, out, err);
    } catch (UsageException e) {
      err.println("raft: " + e.getMessage());
      err.print(Usage.command(e.command()).map(CommandSpec::usage).orElse(Usage.overall()));
      return e.exitCode();
    } catch (LauncherException e) {
      err.println("raft: " + e.getMessage());
      return e.exitCode();
    }
  }

  private static int dispatch(String name, Args args, InputStream in, PrintStream out, PrintStream err) {
    switch (name) {
      case "node":
        return NodeMain.run(args, out);
      case "cluster":
        return ClusterMain.run(args, out);
      case "demo":
        return DemoMain.run(out);
      case "certs":
        return CertsMain.run(args, out);
      case "bench":
        return BenchMain.run(args, out, err);
      case "status":
        return StatusMain.run(args, out);
      case "members":
        return MembersMain.run(args, out);
      case "add-member":
      case "remove-member":
      case "transfer-leader":
        return AdminMain.run(name, args, out, err);
      case "put":
      case "get":
      case "delete":
      case "cas":
      case "range":
      case "txn":
        return ClientMain.run(name, args, in, out, err);
      default:
        throw new IllegalStateException("no handler for command " + name);
    }
  }

  /**
   * In the fat jar all reference.conf files are one, and Pekko's part, after pekko-raft's, puts its own CBOR
   * serializer back; a system property outranks every configuration layer, application.conf included.
   */
  private static void installBoundedCbor() {
    if (System.getProperty(BoundedCborSerializer.SETTING) == null) {
      System.setProperty(BoundedCborSerializer.SETTING, BoundedCborSerializer.class.getName());
    }
  }

  /**
   * Chooses the Logback configuration before anything logs: a node logs to stdout and its log file through
   * conf/logback.xml, or conf/logback-json.xml with {@code -Draft.log.format=json}; every other command only reports
   * errors, to stderr. An explicit {@code -Dlogback.configurationFile} wins.
   */
  private static void configureLogging(String command, String format) {
    if (System.getProperty(LOGBACK_CONFIG) != null) {
      return;
    }
    Path nodeConfig = Home.conf().resolve(format.equals("json") ? "logback-json.xml" : "logback.xml");
    if (command.equals("node") && Files.isRegularFile(nodeConfig)) {
      // A node initializes logging itself, once it has set the log file's path.
      System.setProperty(LOGBACK_CONFIG, nodeConfig.toString());
    } else {
      System.setProperty(LOGBACK_CONFIG, QUIET_LOGBACK);
      if (!CLIENT_COMMANDS.contains(command)) {
        initializeLogging();
      }
    }
  }

  /**
   * Initializes logging now, on this thread: when an ActorSystem's threads are first to log, SLF4J warns about
   * replayed calls. Client commands over HTTP log nothing and skip it (a fifth of a second); {@link ClientSystem}
   * calls it before it starts an ActorSystem.
   */
  static void initializeLogging() {
    LoggerFactory.getILoggerFactory();
  }
}
