package dev.rollback.spring.boot.internal;

import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spring.boot.InvalidRollbackPropertiesException.Problem;
import dev.rollback.spring.boot.InvalidRollbackPropertiesException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the library's settings from properties and turns the library's {@link
 * InvalidConfigurationException} into an {@link InvalidRollbackPropertiesException} that names the
 * {@code rollback.*} property of each problem. The library's problems begin with the setting's
 * name ({@code maxAttempts must be >= 1 but was 0}); that name in kebab case under the group's
 * prefix is the property, unless the group names another.
 */
public final class PropertyProblems {
  /**
   * A setting's name at the start of a problem: camel case or dotted ({@code maxAttempts}, {@code
   * policy.overallDeadline}), or one word followed by "must" ({@code url must ...}); a sentence
   * such as "at least one notifier is required" names none.
   */
  private static final Pattern LEADING_FIELD = Pattern.compile(
      "^([a-z][a-z0-9]*(?:[A-Z][A-Za-z0-9]*|\\.[a-z][A-Za-z0-9]*)+|[a-z][a-z0-9]*(?= must))(?=[ \\[(:]|$)");
  private static final Pattern HUMP = Pattern.compile("([a-z0-9])([A-Z])");

  private final String prefix;
  private final Map<String, String> properties;

  private PropertyProblems(String prefix, Map<String, String> properties) {
    this.prefix = prefix;
    this.properties = Map.copyOf(properties);
  }

  /** Returns the mapping for the group under {@code prefix}, e.g. {@code rollback.prometheus}. */
  public static PropertyProblems under(String prefix) {
    return new PropertyProblems(prefix, Map.of());
  }

  /**
   * Returns the mapping for the group under {@code prefix} whose settings named in {@code
   * properties}' keys are bound from other properties than their kebab-case names.
   */
  public static PropertyProblems under(String prefix, Map<String, String> properties) {
    return new PropertyProblems(prefix, properties);
  }

  /**
   * Returns what {@code build} returns.
   *
   * @throws InvalidRollbackPropertiesException when it throws {@link InvalidConfigurationException}
   *     or {@link IllegalArgumentException}, naming the property of each problem
   */
  public <T> T build(Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidConfigurationException e) {
      throw new InvalidRollbackPropertiesException(
          e.problems().stream().map(p -> new Problem(property(p), e.configuration() + ": " + p)).toList(), e);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      throw new InvalidRollbackPropertiesException(List.of(new Problem(property(message), message)), e);
    }
  }

  /** Returns an exception naming {@code property} (under the prefix) for {@code problem}. */
  public InvalidRollbackPropertiesException problem(String property, String problem, Throwable cause) {
    return new InvalidRollbackPropertiesException(List.of(new Problem(prefix + "." + property, problem)), cause);
  }

  /** Returns the property {@code problem} is about: the group's prefix when it names no setting. */
  String property(String problem) {
    Matcher m = LEADING_FIELD.matcher(problem);
    if (!m.find()) {
      return properties.getOrDefault("", prefix);
    }
    String field = m.group(1);
    String named = properties.get(field);
    if (named != null) {
      return named;
    }
    StringBuilder out = new StringBuilder(prefix);
    for (String part : field.split("\\.")) {
      out.append('.').append(HUMP.matcher(part).replaceAll("$1-$2").toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }
}
