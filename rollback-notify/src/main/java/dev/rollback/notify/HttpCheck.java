package dev.rollback.notify;

import com.fasterxml.jackson.core.JsonPointer;
import dev.rollback.notify.internal.Problems;
import dev.rollback.notify.internal.UrlTemplate;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP smoke check: a request to send, what its response must show, and how often to send it.
 *
 * <p>An attempt passes when the status is {@code expectedStatus}, the response arrived within
 * {@code maxLatency} (when set), the body contains {@code bodyContains}, has a match for {@code
 * bodyRegex}, and holds {@code jsonEquals} at {@code jsonPointer} (each when set). The check passes
 * when at least {@code requiredPassRatio} of its {@code repeat} attempts pass.
 *
 * @param name the name reported in the {@link dev.rollback.spi.SmokeCheck}; null for {@code
 *     "METHOD path"} of the template (never its query, which might hold a token)
 * @param method the HTTP method, upper case, e.g. {@code GET}
 * @param urlTemplate an absolute http(s) URL with placeholders {@code {service}}, {@code
 *     {version}}, {@code {namespace}}, {@code {cluster}}, {@code {run}} and {@code {from}}
 * @param headers request headers; values are secrets (e.g. a bearer token) and never reported
 * @param body the request body, or null to send none
 * @param expectedStatus the status that passes, 100 to 599
 * @param bodyContains text the body must contain, or null
 * @param bodyRegex a regular expression that must match part of the body, or null
 * @param jsonPointer a JSON Pointer (RFC 6901) into the body, e.g. {@code /status}; set together
 *     with {@code jsonEquals}
 * @param jsonEquals the value expected there: a string's text, or the JSON of any other value
 *     ({@code true}, {@code 3}, {@code {"a":1}})
 * @param maxLatency the longest a response may take to arrive in full, or null for no limit
 * @param repeat how many attempts to make, 1 to 1000
 * @param requiredPassRatio the fraction of attempts that must pass, above 0 and at most 1
 * @param interval the pause between attempts, not negative
 */
public record HttpCheck(
    @Nullable String name,
    String method,
    String urlTemplate,
    Map<String, Secret> headers,
    @Nullable String body,
    int expectedStatus,
    @Nullable String bodyContains,
    @Nullable String bodyRegex,
    @Nullable String jsonPointer,
    @Nullable String jsonEquals,
    @Nullable Duration maxLatency,
    int repeat,
    double requiredPassRatio,
    Duration interval) {

  private static final Pattern METHOD = Pattern.compile("[A-Z]+");

  /** Validates every field, reports every broken rule at once, and copies the headers. */
  public HttpCheck {
    Problems p = new Problems();
    if (name != null) {
      p.notBlank(name, "HttpCheck.name");
    }
    if (p.present(method, "HttpCheck.method")) {
      p.check(!METHOD.matcher(method).matches(),
          "HttpCheck.method '" + method + "' must be an upper-case HTTP method such as GET");
    }
    if (p.present(urlTemplate, "HttpCheck.urlTemplate")) {
      for (String unknown : UrlTemplate.unknownPlaceholders(urlTemplate)) {
        p.check(true, "HttpCheck.urlTemplate has the unknown placeholder {" + unknown
            + "}; known are " + new java.util.TreeSet<>(UrlTemplate.PLACEHOLDERS));
      }
      if (UrlTemplate.unknownPlaceholders(urlTemplate).isEmpty()) {
        p.httpUri(UrlTemplate.sample(urlTemplate), "HttpCheck.urlTemplate", false);
      }
    }
    if (p.present(headers, "HttpCheck.headers")) {
      Map<String, Secret> copy = new LinkedHashMap<>();
      headers.forEach((k, v) -> {
        if (p.check(k == null || v == null, "HttpCheck.headers must not hold null names or values")) {
          p.headerName(k, "HttpCheck.headers name");
          copy.put(k, v);
        }
      });
      headers = Collections.unmodifiableMap(copy);
    }
    p.between(expectedStatus, 100, 599, "HttpCheck.expectedStatus");
    if (bodyContains != null) {
      p.check(bodyContains.isEmpty(), "HttpCheck.bodyContains must not be empty");
    }
    if (bodyRegex != null) {
      try {
        Pattern.compile(bodyRegex);
      } catch (PatternSyntaxException e) {
        p.check(true, "HttpCheck.bodyRegex is not a regular expression: " + e.getDescription());
      }
    }
    p.check((jsonPointer == null) != (jsonEquals == null),
        "HttpCheck.jsonPointer and HttpCheck.jsonEquals must be set together");
    if (jsonPointer != null) {
      try {
        JsonPointer.compile(jsonPointer);
      } catch (IllegalArgumentException e) {
        p.check(true, "HttpCheck.jsonPointer '" + jsonPointer + "' is not a JSON Pointer such as /status");
      }
    }
    if (maxLatency != null) {
      p.positive(maxLatency, "HttpCheck.maxLatency");
    }
    p.between(repeat, 1, 1000, "HttpCheck.repeat");
    p.check(!(requiredPassRatio > 0 && requiredPassRatio <= 1),
        "HttpCheck.requiredPassRatio must be above 0 and at most 1 but was " + requiredPassRatio);
    p.notNegative(interval, "HttpCheck.interval");
    p.throwIfAny();
  }

  /** Returns the name reported for this check: {@link #name()} or {@code "METHOD path"}. */
  public String displayName() {
    if (name != null) {
      return name;
    }
    // The template's own path, placeholders unexpanded; never the query, which may hold a token.
    int authority = urlTemplate.indexOf("://");
    int pathStart = authority < 0 ? -1 : urlTemplate.indexOf('/', authority + 3);
    String path = pathStart < 0 ? "" : urlTemplate.substring(pathStart).split("[?#]", 2)[0];
    return method + " " + (path.isEmpty() ? "/" : path);
  }

  /** Returns a builder for a {@code GET} of {@code urlTemplate} expecting {@code 200}. */
  public static Builder get(String urlTemplate) {
    return new Builder("GET", urlTemplate);
  }

  /** Returns a builder for {@code method} (upper case) of {@code urlTemplate} expecting 200. */
  public static Builder builder(String method, String urlTemplate) {
    return new Builder(method.toUpperCase(Locale.ROOT), urlTemplate);
  }

  /** Builds an {@link HttpCheck}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private @Nullable String name;
    private final String method;
    private final String urlTemplate;
    private final Map<String, Secret> headers = new LinkedHashMap<>();
    private @Nullable String body;
    private int expectedStatus = 200;
    private @Nullable String bodyContains;
    private @Nullable String bodyRegex;
    private @Nullable String jsonPointer;
    private @Nullable String jsonEquals;
    private @Nullable Duration maxLatency;
    private int repeat = 1;
    private double requiredPassRatio = 1.0;
    private Duration interval = Duration.ZERO;

    private Builder(String method, String urlTemplate) {
      this.method = method;
      this.urlTemplate = urlTemplate;
    }

    /** Sets {@link HttpCheck#name()}. */
    public Builder name(@Nullable String value) {
      this.name = value;
      return this;
    }

    /** Adds a request header; its value is a secret and never reported. */
    public Builder header(String headerName, Secret value) {
      this.headers.put(headerName, value);
      return this;
    }

    /** Sets {@link HttpCheck#body()}. */
    public Builder body(@Nullable String value) {
      this.body = value;
      return this;
    }

    /** Sets {@link HttpCheck#expectedStatus()}; default 200. */
    public Builder expectStatus(int value) {
      this.expectedStatus = value;
      return this;
    }

    /** Sets {@link HttpCheck#bodyContains()}. */
    public Builder expectBodyContains(@Nullable String value) {
      this.bodyContains = value;
      return this;
    }

    /** Sets {@link HttpCheck#bodyRegex()}. */
    public Builder expectBodyMatches(@Nullable String regex) {
      this.bodyRegex = regex;
      return this;
    }

    /** Sets {@link HttpCheck#jsonPointer()} and {@link HttpCheck#jsonEquals()}. */
    public Builder expectJson(String pointer, String expected) {
      this.jsonPointer = pointer;
      this.jsonEquals = expected;
      return this;
    }

    /** Sets {@link HttpCheck#maxLatency()}. */
    public Builder maxLatency(@Nullable Duration value) {
      this.maxLatency = value;
      return this;
    }

    /** Sets {@link HttpCheck#repeat()} and {@link HttpCheck#requiredPassRatio()}. */
    public Builder repeat(int times, double passRatio) {
      this.repeat = times;
      this.requiredPassRatio = passRatio;
      return this;
    }

    /** Sets {@link HttpCheck#interval()}; default zero. */
    public Builder interval(Duration value) {
      this.interval = value;
      return this;
    }

    /**
     * Returns the check.
     *
     * @throws InvalidConfigException listing every broken rule
     */
    public HttpCheck build() {
      return new HttpCheck(
          name, method, urlTemplate, headers, body, expectedStatus, bodyContains, bodyRegex,
          jsonPointer, jsonEquals, maxLatency, repeat, requiredPassRatio, interval);
    }
  }
}
