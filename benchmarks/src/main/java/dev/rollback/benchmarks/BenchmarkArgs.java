package dev.rollback.benchmarks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line options of the detection benchmarks' {@code main} methods: options that take a
 * value ({@code --trials 200}) and flags that do not ({@code --experiments}). Parsing fails with an
 * {@link IllegalArgumentException} that names the option, the rule it broke and the usage. It fails
 * on an unknown option, an option given twice, an option without its value and a value that breaks
 * its rule. No option is silently ignored.
 */
final class BenchmarkArgs {
  private final Map<String, String> values;
  private final Set<String> flags;
  private final String usage;

  private BenchmarkArgs(Map<String, String> values, Set<String> flags, String usage) {
    this.values = values;
    this.flags = flags;
    this.usage = usage;
  }

  /**
   * Parses {@code args} against the options that take a value ({@code valued}) and the flags.
   *
   * @param usage what the error messages show after "use", e.g. {@code "--trials N --seed S"}
   * @throws IllegalArgumentException on an unknown or repeated option, or an option without its value
   */
  static BenchmarkArgs parse(String[] args, Set<String> valued, Set<String> flags, String usage) {
    Map<String, String> values = new HashMap<>();
    Set<String> given = new HashSet<>();
    List<String> a = List.of(args);
    for (int i = 0; i < a.size(); i++) {
      String option = a.get(i);
      if (!valued.contains(option) && !flags.contains(option)) {
        throw new IllegalArgumentException("unknown argument " + option + "; use " + usage);
      }
      if (!given.add(option)) {
        throw new IllegalArgumentException(option + " is given twice; use " + usage);
      }
      if (valued.contains(option)) {
        if (i + 1 == a.size() || a.get(i + 1).startsWith("--")) {
          throw new IllegalArgumentException(option + " needs a value; use " + usage);
        }
        values.put(option, a.get(++i));
      }
    }
    given.retainAll(flags);
    return new BenchmarkArgs(values, given, usage);
  }

  /**
   * Returns the value of {@code option} as an integer of at least 1, or {@code fallback} when it
   * was not given.
   *
   * @throws IllegalArgumentException if the value is not such an integer
   */
  int positiveInt(String option, int fallback) {
    String value = values.get(option);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, with the rule
    }
    throw new IllegalArgumentException(option + " must be an integer >= 1 but was '" + value + "'; use " + usage);
  }

  /**
   * Returns the value of {@code option} as a long, or {@code fallback} when it was not given.
   *
   * @throws IllegalArgumentException if the value is not an integer
   */
  long longValue(String option, long fallback) {
    String value = values.get(option);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be an integer but was '" + value + "'; use " + usage, e);
    }
  }

  /** Returns whether the option {@code option}, which takes a value, was given. */
  boolean has(String option) {
    return values.containsKey(option);
  }

  /** Returns the value of {@code option}, or {@code fallback} when it was not given. */
  String string(String option, String fallback) {
    return values.getOrDefault(option, fallback);
  }

  /** Returns whether the flag {@code flag} was given. */
  boolean flag(String flag) {
    return flags.contains(flag);
  }
}
