package dev.rollback.examples.agent;

import dev.rollback.spi.helpers.ConfigProblems;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The agent's command line and configuration file read into raw values by flag name, every
 * problem recorded in one {@link ConfigProblems} naming the flag and the rule.
 *
 * <p>The command line is {@code --flag value} or {@code --flag=value}; a switch ({@code
 * --in-cluster}) takes no value. {@code --config FILE} reads a Java properties file whose keys are
 * the flag names without the dashes ({@code prometheus-url=http://...}); a flag given on the
 * command line replaces the file's value. {@code --namespace} may be repeated and each value may
 * list several namespaces separated by commas.
 */
final class AgentFlags {
  /** How a flag takes its value. */
  enum Kind {
    /** One value; the last one given wins. */
    VALUE,
    /** Any number of values, each a comma-separated list. */
    LIST,
    /** No value on the command line; {@code true} or {@code false} in the file. */
    SWITCH
  }

  /** Every flag the agent knows, in the order the usage text lists them. */
  static final Map<String, Kind> FLAGS = flags();

  private final Map<String, List<String>> values;

  private AgentFlags(Map<String, List<String>> values) {
    this.values = values;
  }

  private static Map<String, Kind> flags() {
    Map<String, Kind> f = new LinkedHashMap<>();
    f.put("config", Kind.VALUE);
    f.put("kubeconfig", Kind.VALUE);
    f.put("context", Kind.VALUE);
    f.put("in-cluster", Kind.SWITCH);
    f.put("cluster", Kind.VALUE);
    f.put("namespace", Kind.LIST);
    f.put("selector", Kind.VALUE);
    f.put("shape", Kind.VALUE);
    f.put("prometheus-url", Kind.VALUE);
    f.put("prometheus-bearer-token", Kind.VALUE);
    f.put("error-ratio-query", Kind.VALUE);
    f.put("latency-query", Kind.VALUE);
    f.put("step", Kind.VALUE);
    f.put("baseline", Kind.VALUE);
    f.put("interval", Kind.VALUE);
    f.put("judgement-window", Kind.VALUE);
    f.put("webhook-url", Kind.VALUE);
    f.put("webhook-signing-secret", Kind.VALUE);
    f.put("slack-webhook-url", Kind.VALUE);
    f.put("pagerduty-routing-key", Kind.VALUE);
    f.put("postmortem-dir", Kind.VALUE);
    f.put("store-namespace", Kind.VALUE);
    f.put("smoke-image", Kind.VALUE);
    f.put("help", Kind.SWITCH);
    return Collections.unmodifiableMap(f);
  }

  /**
   * Reads {@code args} and the file that {@code --config} names, recording what is wrong in {@code
   * problems}; returns what could be read.
   */
  static AgentFlags parse(String[] args, ConfigProblems problems) {
    Map<String, List<String>> command = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        problems.add("'" + arg + "' is not a flag; flags start with -- (see --help)");
        continue;
      }
      int eq = arg.indexOf('=');
      String name = arg.substring(2, eq < 0 ? arg.length() : eq);
      Kind kind = FLAGS.get(name);
      if (kind == null) {
        problems.add("--" + name + " is not a flag of the agent (see --help)");
        if (eq < 0 && i + 1 < args.length && !args[i + 1].startsWith("--")) {
          i++; // its value: one mistake, one problem
        }
        continue;
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (kind == Kind.SWITCH) {
        value = "true";
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        problems.add("--" + name + " needs a value");
        continue;
      }
      add(command, name, kind, value);
    }
    Map<String, List<String>> merged = new LinkedHashMap<>();
    List<String> config = command.get("config");
    if (config != null) {
      readFile(Path.of(config.get(config.size() - 1)), merged, problems);
    }
    merged.putAll(command); // the command line wins, flag by flag
    return new AgentFlags(merged);
  }

  private static void add(Map<String, List<String>> into, String name, Kind kind, String value) {
    List<String> list = into.computeIfAbsent(name, k -> new ArrayList<>());
    if (kind == Kind.LIST) {
      for (String part : value.split(",", -1)) {
        list.add(part.trim());
      }
    } else {
      list.clear();
      list.add(value);
    }
  }

  private static void readFile(Path file, Map<String, List<String>> into, ConfigProblems problems) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      problems.add("--config: cannot read " + file + ": " + e.getMessage());
      return;
    }
    for (String key : properties.stringPropertyNames().stream().sorted().toList()) {
      Kind kind = FLAGS.get(key);
      if (kind == null || key.equals("config") || key.equals("help")) {
        problems.add("--config: " + file + " sets '" + key + "', which is not a flag of the agent");
      } else {
        add(into, key, kind, properties.getProperty(key).trim());
      }
    }
  }

  /** Returns whether {@code flag} was given. */
  boolean has(String flag) {
    return values.containsKey(flag);
  }

  /** Returns the value of {@code flag}, or null when it was not given. */
  @Nullable String value(String flag) {
    List<String> v = values.get(flag);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  /** Returns every value of a list flag, in order; empty when it was not given. */
  List<String> list(String flag) {
    return List.copyOf(values.getOrDefault(flag, List.of()));
  }

  /** Returns the value of a switch; a value other than true or false is a problem. */
  boolean flag(String flag, ConfigProblems problems) {
    String v = value(flag);
    if (v == null) {
      return false;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    problems.check(!lower.equals("true") && !lower.equals("false"),
        "--" + flag + " must be true or false but was '" + v + "'");
    return lower.equals("true");
  }

  /**
   * Reads a duration: a whole number with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code
   * 2h}, {@code 1d}) or ISO-8601 ({@code PT30S}); answers {@code fallback} when the flag was not
   * given, and also (recording why) when it cannot be read, so that one mistake is one problem.
   */
  Duration duration(String flag, Duration fallback, ConfigProblems problems) {
    String v = value(flag);
    if (v == null) {
      return fallback;
    }
    Duration d = parseDuration(v);
    problems.check(d == null, "--" + flag + " must be a duration such as 500ms, 30s, 5m, 2h or 1d but was '" + v + "'");
    return d == null ? fallback : d;
  }

  static @Nullable Duration parseDuration(String text) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("p")) {
      try {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    int digits = 0;
    while (digits < v.length() && Character.isDigit(v.charAt(digits))) {
      digits++;
    }
    if (digits == 0 || digits > 12) {
      return null;
    }
    long amount = Long.parseLong(v.substring(0, digits));
    return switch (v.substring(digits)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> null;
    };
  }
}
