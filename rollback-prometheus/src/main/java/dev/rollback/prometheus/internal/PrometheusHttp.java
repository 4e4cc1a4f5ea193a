package dev.rollback.prometheus.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.rollback.prometheus.PrometheusConfig;
import dev.rollback.prometheus.PrometheusException.Kind;
import dev.rollback.spi.helpers.Causes;
import dev.rollback.spi.helpers.Excerpt;
import dev.rollback.spi.helpers.HttpClients;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One attempt at one Prometheus API call: a form-encoded POST (which keeps PromQL out of URLs and
 * access logs), classified into the JSON answer or a {@link FetchFailure} that says whether trying
 * again may help. Thread-safe.
 */
final class PrometheusHttp {
  /** Statuses a proxy or an overloaded Prometheus answers transiently; 503 is also its timeout. */
  private static final Set<Integer> TRANSIENT_STATUS = Set.of(429, 502, 503, 504);

  private static final int SNIPPET_LENGTH = 200;

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final PrometheusConfig config;
  private final HttpClient client;
  private final Credentials credentials;

  PrometheusHttp(PrometheusConfig config, HttpClient client) {
    this.config = config;
    this.client = client;
    this.credentials = Credentials.of(config.auth());
  }

  /** Returns the URL of {@code endpoint}, e.g. {@code query_range}. */
  URI endpoint(String endpoint) {
    return config.baseUrl().resolve("api/v1/" + endpoint);
  }

  /** Masks every form of the configured secret in {@code text}. */
  String redact(String text) {
    return credentials.redactor().redact(text);
  }

  /** POSTs {@code form} to {@code endpoint} and returns the answer's JSON with status success. */
  JsonNode call(String endpoint, Map<String, String> form)
      throws FetchFailure, InterruptedException {
    HttpRequest.Builder request =
        HttpClients.request(endpoint(endpoint), config.timeouts())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    String authorization = credentials.authorization();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw transientFailure("could not connect within " + config.connectTimeout(), e);
    } catch (HttpTimeoutException e) {
      throw transientFailure("no answer within " + config.requestTimeout(), e);
    } catch (ConnectException e) {
      throw transientFailure("could not connect (" + describe(e) + ")", e);
    } catch (IOException e) {
      throw transientFailure("I/O error (" + describe(e) + ")", e);
    }
    return classify(response.statusCode(), response.body());
  }

  private JsonNode classify(int status, String body) throws FetchFailure {
    if (status == 401 || status == 403) {
      throw new FetchFailure(
          Kind.AUTHENTICATION_FAILED,
          false,
          "Prometheus answered HTTP " + status + "; check the configured credentials ("
              + config.auth() + ")",
          null,
          null,
          null);
    }
    JsonNode json = parseJson(body);
    boolean isTransient = TRANSIENT_STATUS.contains(status);
    if (json != null && "error".equals(json.path("status").asText())) {
      String errorType = redact(json.path("errorType").asText(""));
      String error = redact(json.path("error").asText(""));
      throw new FetchFailure(
          isTransient ? Kind.UNAVAILABLE : Kind.QUERY_REJECTED,
          isTransient,
          "Prometheus answered HTTP " + status + " with error " + errorType + ": " + error,
          errorType,
          error,
          null);
    }
    if (status == 200 && json != null && "success".equals(json.path("status").asText())) {
      return json;
    }
    String what = "Prometheus answered HTTP " + status + ": " + snippet(body);
    if (isTransient) {
      throw new FetchFailure(Kind.UNAVAILABLE, true, what, null, null, null);
    }
    if (status == 200 || status < 500) {
      throw FetchFailure.malformed(
          what + (status == 404 ? " (is the base URL " + config.baseUrl() + " right?)" : ""));
    }
    throw new FetchFailure(Kind.UNAVAILABLE, false, what, null, null, null);
  }

  private static @Nullable JsonNode parseJson(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private FetchFailure transientFailure(String detail, Exception cause) {
    // The cause is kept for its stack trace, but its message is not trusted to be secret-free;
    // the detail carries the redacted description.
    return new FetchFailure(Kind.UNAVAILABLE, true, redact(detail), null, null, cause);
  }

  private String describe(IOException e) {
    return Causes.describe(e, credentials.redactor());
  }

  private String snippet(String body) {
    return body.isBlank() ? "(empty body)" : Excerpt.of(body, SNIPPET_LENGTH, credentials.redactor());
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
