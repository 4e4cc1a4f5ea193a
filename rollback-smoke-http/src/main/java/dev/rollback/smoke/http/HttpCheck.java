package dev.rollback.smoke.http;

import com.fasterxml.jackson.core.JsonPointer;
import dev.rollback.smoke.http.internal.UrlTemplate;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.Secret;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP smoke check: a request to send, what its response must show, and how often to send it.
 *
 * <p>An attempt passes when the status is {@link #expectedStatus()}, the response arrived within
 * {@link #maxLatency()} (when set), the body contains {@link #bodyContains()}, has a match for
 * {@link #bodyRegex()}, and holds {@link #jsonEquals()} at {@link #jsonPointer()} (each when set).
 * The check passes when at least {@link #requiredPassRatio()} of its {@link #repeat()} attempts
 * pass.
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows no header value. Build with {@link
 * #get(String)} or {@link #builder(String, String)}; {@link Builder#build()} reports every broken
 * rule at once.
 */
public final class HttpCheck {
  private static final Pattern METHOD = Pattern.compile("[A-Z]+");

  private final @Nullable String name;
  private final String method;
  private final String urlTemplate;
  private final Map<String, Secret> headers;
  private final @Nullable String body;
  private final int expectedStatus;
  private final @Nullable String bodyContains;
  private final @Nullable String bodyRegex;
  private final @Nullable String jsonPointer;
  private final @Nullable String jsonEquals;
  private final @Nullable Duration maxLatency;
  private final int repeat;
  private final double requiredPassRatio;
  private final Duration interval;

  private HttpCheck(Builder b, Map<String, Secret> headers) {
    this.name = b.name;
    this.method = Objects.requireNonNull(b.method);
    this.urlTemplate = Objects.requireNonNull(b.urlTemplate);
    this.headers = headers;
    this.body = b.body;
    this.expectedStatus = b.expectedStatus;
    this.bodyContains = b.bodyContains;
    this.bodyRegex = b.bodyRegex;
    this.jsonPointer = b.jsonPointer;
    this.jsonEquals = b.jsonEquals;
    this.maxLatency = b.maxLatency;
    this.repeat = b.repeat;
    this.requiredPassRatio = b.requiredPassRatio;
    this.interval = Objects.requireNonNull(b.interval);
  }

  /** Returns a builder for a {@code GET} of {@code urlTemplate} expecting {@code 200}. */
  public static Builder get(String urlTemplate) {
    return new Builder("GET", urlTemplate);
  }

  /** Returns a builder for {@code method} (upper case) of {@code urlTemplate} expecting 200. */
  public static Builder builder(String method, String urlTemplate) {
    return new Builder(method.toUpperCase(Locale.ROOT), urlTemplate);
  }

  /** Returns a builder holding every setting of this check, its headers included. */
  public Builder toBuilder() {
    Builder b = new Builder(method, urlTemplate);
    b.name = name;
    b.headers.putAll(headers);
    b.body = body;
    b.expectedStatus = expectedStatus;
    b.bodyContains = bodyContains;
    b.bodyRegex = bodyRegex;
    b.jsonPointer = jsonPointer;
    b.jsonEquals = jsonEquals;
    b.maxLatency = maxLatency;
    b.repeat = repeat;
    b.requiredPassRatio = requiredPassRatio;
    b.interval = interval;
    return b;
  }

  /**
   * Returns the name reported in the {@link dev.rollback.spi.SmokeCheck}; null for {@code "METHOD
   * path"} of the template (see {@link #displayName()}).
   */
  public @Nullable String name() {
    return name;
  }

  /** Returns the HTTP method, upper case, e.g. {@code GET}. */
  public String method() {
    return method;
  }

  /**
   * Returns the absolute http(s) URL with placeholders {@code {service}}, {@code {version}}, {@code
   * {namespace}}, {@code {cluster}}, {@code {run}} and {@code {from}}.
   */
  public String urlTemplate() {
    return urlTemplate;
  }

  /** Returns the request headers; values are secrets (e.g. a bearer token) and never reported. */
  public Map<String, Secret> headers() {
    return headers;
  }

  /** Returns the request body, or null to send none. */
  public @Nullable String body() {
    return body;
  }

  /** Returns the status that passes, 100 to 599. */
  public int expectedStatus() {
    return expectedStatus;
  }

  /** Returns text the body must contain, or null. */
  public @Nullable String bodyContains() {
    return bodyContains;
  }

  /** Returns a regular expression that must match part of the body, or null. */
  public @Nullable String bodyRegex() {
    return bodyRegex;
  }

  /** Returns a JSON Pointer (RFC 6901) into the body, e.g. {@code /status}, or null. */
  public @Nullable String jsonPointer() {
    return jsonPointer;
  }

  /**
   * Returns the value expected at {@link #jsonPointer()}: a string's text, or the JSON of any other
   * value ({@code true}, {@code 3}, {@code {"a":1}}); null when no JSON field is checked.
   */
  public @Nullable String jsonEquals() {
    return jsonEquals;
  }

  /** Returns the longest a response may take to arrive in full, or null for no limit. */
  public @Nullable Duration maxLatency() {
    return maxLatency;
  }

  /** Returns how many attempts to make, 1 to 1000. */
  public int repeat() {
    return repeat;
  }

  /** Returns the fraction of attempts that must pass, above 0 and at most 1. */
  public double requiredPassRatio() {
    return requiredPassRatio;
  }

  /** Returns the pause between attempts, not negative. */
  public Duration interval() {
    return interval;
  }

  /** Returns the name reported for this check: {@link #name()} or {@code "METHOD path"}. */
  public String displayName() {
    return name != null ? name : defaultName(method, urlTemplate);
  }

  private static String defaultName(String method, String urlTemplate) {
    // The template's own path, placeholders unexpanded; never the query, which may hold a token.
    int authority = urlTemplate.indexOf("://");
    int pathStart = authority < 0 ? -1 : urlTemplate.indexOf('/', authority + 3);
    String path = pathStart < 0 ? "" : urlTemplate.substring(pathStart).split("[?#]", 2)[0];
    return method + " " + (path.isEmpty() ? "/" : path);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HttpCheck c
        && Objects.equals(c.name, name)
        && c.method.equals(method)
        && c.urlTemplate.equals(urlTemplate)
        && c.headers.equals(headers)
        && Objects.equals(c.body, body)
        && c.expectedStatus == expectedStatus
        && Objects.equals(c.bodyContains, bodyContains)
        && Objects.equals(c.bodyRegex, bodyRegex)
        && Objects.equals(c.jsonPointer, jsonPointer)
        && Objects.equals(c.jsonEquals, jsonEquals)
        && Objects.equals(c.maxLatency, maxLatency)
        && c.repeat == repeat
        && Double.compare(c.requiredPassRatio, requiredPassRatio) == 0
        && c.interval.equals(interval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, method, urlTemplate, headers, body, expectedStatus, bodyContains, bodyRegex,
        jsonPointer, jsonEquals, maxLatency, repeat, requiredPassRatio, interval);
  }

  /** Returns the check's settings; header values show as {@code ****}, the body is not shown. */
  @Override
  public String toString() {
    return "HttpCheck[name=" + displayName() + ", method=" + method + ", headers=" + headers
        + ", expectedStatus=" + expectedStatus + ", bodyContains=" + bodyContains + ", bodyRegex="
        + bodyRegex + ", jsonPointer=" + jsonPointer + ", jsonEquals=" + jsonEquals + ", maxLatency="
        + maxLatency + ", repeat=" + repeat + ", requiredPassRatio=" + requiredPassRatio
        + ", interval=" + interval + "]";
  }

  /** Builds an {@link HttpCheck}; {@link #build()} validates and copies. Not thread-safe. */
  public static final class Builder {
    private @Nullable String name;
    private final @Nullable String method;
    private final @Nullable String urlTemplate;
    private final Map<String, @Nullable Secret> headers = new LinkedHashMap<>();
    private @Nullable String body;
    private int expectedStatus = 200;
    private @Nullable String bodyContains;
    private @Nullable String bodyRegex;
    private @Nullable String jsonPointer;
    private @Nullable String jsonEquals;
    private @Nullable Duration maxLatency;
    private int repeat = 1;
    private double requiredPassRatio = 1.0;
    private @Nullable Duration interval = Duration.ZERO;

    private Builder(@Nullable String method, @Nullable String urlTemplate) {
      this.method = method;
      this.urlTemplate = urlTemplate;
    }

    /** Sets {@link HttpCheck#name()}. */
    public Builder name(@Nullable String value) {
      this.name = value;
      return this;
    }

    /** Adds a request header; its value is a secret and never reported. */
    public Builder header(String headerName, @Nullable Secret value) {
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
    public Builder expectJson(@Nullable String pointer, @Nullable String expected) {
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
    public Builder interval(@Nullable Duration value) {
      this.interval = value;
      return this;
    }

    /**
     * Returns the check.
     *
     * @throws InvalidConfigurationException listing every broken rule
     */
    public HttpCheck build() {
      ConfigProblems p = ConfigProblems.of("HttpCheck");
      if (name != null) {
        p.notBlank("name", name);
      }
      if (p.present("method", method) && method != null) {
        p.check(!METHOD.matcher(method).matches(),
            "method '" + method + "' must be an upper-case HTTP method such as GET");
      }
      if (p.present("urlTemplate", urlTemplate) && urlTemplate != null) {
        var unknown = UrlTemplate.unknownPlaceholders(urlTemplate);
        for (String placeholder : unknown) {
          p.add("urlTemplate has the unknown placeholder {" + placeholder + "}; known are "
              + new TreeSet<>(UrlTemplate.PLACEHOLDERS));
        }
        if (unknown.isEmpty()) {
          p.httpUri("urlTemplate", UrlTemplate.sample(urlTemplate), false);
        }
      }
      Map<String, Secret> copy = new LinkedHashMap<>();
      headers.forEach((k, v) -> {
        if (p.check(k == null || v == null, "headers must not hold null names or values")
            && k != null && v != null) {
          p.headerName("headers name", k);
          copy.put(k, v);
        }
      });
      p.between("expectedStatus", expectedStatus, 100, 599);
      if (bodyContains != null) {
        p.check(bodyContains.isEmpty(), "bodyContains must not be empty");
      }
      if (bodyRegex != null) {
        try {
          Pattern.compile(bodyRegex);
        } catch (PatternSyntaxException e) {
          p.add("bodyRegex is not a regular expression: " + e.getDescription());
        }
      }
      p.check((jsonPointer == null) != (jsonEquals == null),
          "jsonPointer and jsonEquals must be set together");
      if (jsonPointer != null) {
        try {
          JsonPointer.compile(jsonPointer);
        } catch (IllegalArgumentException e) {
          p.add("jsonPointer '" + jsonPointer + "' is not a JSON Pointer such as /status");
        }
      }
      if (maxLatency != null) {
        p.within("maxLatency", maxLatency);
      }
      p.between("repeat", repeat, 1, 1000);
      p.check(!(requiredPassRatio > 0 && requiredPassRatio <= 1),
          "requiredPassRatio must be above 0 and at most 1 but was " + requiredPassRatio);
      p.notNegativeWithin("interval", interval);
      p.throwIfAny();
      return new HttpCheck(this, Collections.unmodifiableMap(copy));
    }
  }
}
