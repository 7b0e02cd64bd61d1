package org.pekkoraft.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pekkoraft.core.NodeId;

/**
 * A subcommand's command line, parsed strictly against its {@link CommandSpec}: an option it does not know, an
 * option given twice, a missing value or the wrong number of arguments is a {@link UsageException}. Options are
 * {@code --name value} or {@code --name=value}; {@code --help} or {@code -h} asks for help; after {@code --} every
 * token is an argument (for values that start with a dash).
 */
final class Args {

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)?");
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  /** A node id as conf/ names them: no spaces, quotes or path separators. */
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private final CommandSpec spec;
  private final Map<String, String> options;
  private final List<String> positional;
  private final boolean help;

  private Args(CommandSpec spec, Map<String, String> options, List<String> positional, boolean help) {
    this.spec = spec;
    this.options = Collections.unmodifiableMap(options);
    this.positional = List.copyOf(positional);
    this.help = help;
  }

  static Args parse(CommandSpec spec, List<String> tokens) {
    Map<String, String> options = new HashMap<>();
    List<String> positional = new ArrayList<>();
    boolean help = false;
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (token.equals("--")) {
        positional.addAll(tokens.subList(i + 1, tokens.size()));
        break;
      }
      if (token.equals("--help") || token.equals("-h")) {
        help = true;
      } else if (token.startsWith("--")) {
        int eq = token.indexOf('=');
        String name = eq < 0 ? token.substring(2) : token.substring(2, eq);
        String value;
        if (spec.flags().contains(name)) {
          if (eq >= 0) {
            throw usage(spec, "option --" + name + " takes no value");
          }
          value = "";
        } else if (spec.valued().contains(name)) {
          if (eq >= 0) {
            value = token.substring(eq + 1);
          } else if (i + 1 < tokens.size()) {
            value = tokens.get(++i);
          } else {
            throw usage(spec, "option --" + name + " needs a value");
          }
        } else {
          throw usage(spec, "unknown option --" + name + " for '" + spec.name() + "'");
        }
        if (options.put(name, value) != null) {
          throw usage(spec, "option --" + name + " is given twice");
        }
      } else if (token.length() > 1 && token.charAt(0) == '-' && Character.isLetter(token.charAt(1))) {
        throw usage(spec, "unknown option " + token + " for '" + spec.name() + "' (use -- before an argument"
            + " that starts with a dash)");
      } else {
        positional.add(token);
      }
    }
    if (!help && (positional.size() < spec.minArgs() || positional.size() > spec.maxArgs())) {
      throw usage(spec, "'" + spec.name() + "' takes " + arity(spec) + ", got " + positional.size()
          + (positional.isEmpty() ? "" : ": " + String.join(" ", positional)));
    }
    return new Args(spec, options, positional, help);
  }

  boolean help() {
    return help;
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  List<String> positional() {
    return positional;
  }

  /** An option that must be a whole number in [min, max]. */
  Optional<Integer> intOption(String name, int min, int max) {
    Optional<String> text = option(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value >= min && value <= max) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    throw usage(spec, "--" + name + " must be a whole number from " + min + " to " + max + ", not '" + text.get()
        + "'");
  }

  /**
   * A required option naming a node: a number N means {@code node-N}, as in {@code conf/node-N.conf}; anything
   * else is taken as the node id itself (for clusters whose ids are not of that form).
   */
  NodeId nodeId(String name) {
    String text = option(name).orElseThrow(() -> usage(spec, "'" + spec.name() + "' needs --" + name + " N"));
    if (NUMBER.matcher(text).matches()) {
      if (text.length() <= 4 && Integer.parseInt(text) >= 1) {
        return NodeId.of("node-" + Integer.parseInt(text));
      }
    } else if (NODE_ID.matcher(text).matches()) {
      return NodeId.of(text);
    }
    throw usage(spec, "--" + name + " must be a node number N from 1 to 9999 (meaning node-N) or a node id such as"
        + " node-4, not '" + text + "'");
  }

  /** A positive duration such as {@code 5s}, {@code 2.5s}, {@code 500ms} or {@code 5} (seconds). */
  Duration duration(String name, Duration fallback) {
    Optional<String> text = option(name);
    if (text.isEmpty()) {
      return fallback;
    }
    Matcher m = DURATION.matcher(text.get());
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      long millis = "ms".equals(m.group(2)) ? Math.round(amount) : Math.round(amount * 1000);
      if (millis > 0 && millis <= Duration.ofHours(1).toMillis()) {
        return Duration.ofMillis(millis);
      }
    }
    throw usage(spec, "--" + name + " must be a duration from 1ms to 1h such as 5s or 500ms, not '" + text.get()
        + "'");
  }

  UsageException usage(String message) {
    return usage(spec, message);
  }

  private static UsageException usage(CommandSpec spec, String message) {
    return new UsageException(spec.name(), message);
  }

  private static String arity(CommandSpec spec) {
    if (spec.minArgs() == spec.maxArgs()) {
      return spec.minArgs() == 0 ? "no arguments" : spec.minArgs() + " argument" + (spec.minArgs() == 1 ? "" : "s");
    }
    return spec.minArgs() + " to " + spec.maxArgs() + " arguments";
  }
}
