package dev.rollback.smoke.http.internal;

import dev.rollback.spi.RollbackManifest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A smoke check's URL with placeholders for the run: {@code {service}} (the deployment's name),
 * {@code {version}} (the restored version's id), {@code {namespace}}, {@code {cluster}}, {@code
 * {run}} (the run id) and {@code {from}} (the failing version's id). Values are percent-encoded.
 */
public final class UrlTemplate {
  /** The placeholder names a template may use. */
  public static final Set<String> PLACEHOLDERS =
      Set.of("service", "version", "namespace", "cluster", "run", "from");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  private UrlTemplate() {}

  /** Returns the placeholder names in {@code template} that are not {@link #PLACEHOLDERS}. */
  public static List<String> unknownPlaceholders(String template) {
    Matcher m = PLACEHOLDER.matcher(template);
    return m.results().map(r -> r.group(1)).filter(n -> !PLACEHOLDERS.contains(n)).toList();
  }

  /** Returns {@code template} with every placeholder replaced by a harmless sample value. */
  public static String sample(String template) {
    Map<String, String> values = new LinkedHashMap<>();
    PLACEHOLDERS.forEach(p -> values.put(p, "sample"));
    return substitute(template, values);
  }

  /**
   * Renders {@code template} for {@code manifest}.
   *
   * @throws IllegalArgumentException if the result is not a URI (validated configurations cannot
   *     produce one)
   */
  public static URI render(String template, RollbackManifest manifest) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("service", manifest.deployment().name());
    values.put("version", manifest.to().id());
    values.put("namespace", manifest.deployment().namespace());
    values.put("cluster", manifest.deployment().cluster());
    values.put("run", manifest.runId().value());
    values.put("from", manifest.from().id());
    return URI.create(substitute(template, values));
  }

  private static String substitute(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      String replacement =
          value == null
              ? m.group()
              : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
