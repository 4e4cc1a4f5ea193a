package dev.rollback.smoke.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.smoke.http.HttpCheck;
import dev.rollback.spi.helpers.Excerpt;
import dev.rollback.spi.helpers.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Judges one response against an {@link HttpCheck}: returns every expectation it broke, each a
 * phrase saying what was expected and what came (e.g. {@code status 503, expected 200}).
 */
final class ResponseExpectations {
  private static final int EXCERPT = 120;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpCheck check;
  private final @Nullable Pattern regex;

  ResponseExpectations(HttpCheck check) {
    this.check = check;
    String r = check.bodyRegex();
    this.regex = r == null ? null : Pattern.compile(r);
  }

  List<String> broken(int status, String body, Duration latency, Redactor redactor) {
    List<String> broken = new ArrayList<>();
    if (status != check.expectedStatus()) {
      broken.add("status " + status + ", expected " + check.expectedStatus()
          + excerpt(" (body ", body, ")", redactor));
    }
    Duration max = check.maxLatency();
    if (max != null && latency.compareTo(max) > 0) {
      broken.add("took " + latency.toMillis() + " ms, max " + max.toMillis() + " ms");
    }
    String contains = check.bodyContains();
    if (contains != null && !body.contains(contains)) {
      broken.add("body does not contain '" + contains + "'" + excerpt("; got '", body, "'", redactor));
    }
    if (regex != null && !regex.matcher(body).find()) {
      broken.add("body does not match /" + regex.pattern() + "/" + excerpt("; got '", body, "'", redactor));
    }
    String pointer = check.jsonPointer();
    String expected = check.jsonEquals();
    if (pointer != null && expected != null) {
      String problem = jsonProblem(body, pointer, expected, redactor);
      if (problem != null) {
        broken.add(problem);
      }
    }
    return broken;
  }

  private static @Nullable String jsonProblem(
      String body, String pointer, String expected, Redactor redactor) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return "body is not JSON" + excerpt("; got '", body, "'", redactor);
    }
    if (root == null) {
      return "body is empty, expected JSON with " + pointer;
    }
    JsonNode node = root.at(pointer);
    if (node.isMissingNode()) {
      return "JSON field " + pointer + " is missing, expected '" + expected + "'";
    }
    String actual = node.isTextual() ? node.asText() : node.toString();
    if (!actual.equals(expected)) {
      return "JSON field " + pointer + " is '" + Excerpt.of(actual, EXCERPT, redactor)
          + "', expected '" + expected + "'";
    }
    return null;
  }

  private static String excerpt(String before, String body, String after, Redactor redactor) {
    if (body.isBlank()) {
      return before.startsWith(" (") ? "" : "; got an empty body";
    }
    return before + Excerpt.of(body, EXCERPT, redactor) + after;
  }


}
