package dev.rollback.prometheus.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollback.prometheus.PrometheusException.Kind;
import dev.rollback.spi.Sample;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the samples out of a successful Prometheus query answer: a {@code matrix} from {@code
 * query_range}, a {@code vector} or {@code scalar} from {@code query}. Values are strings in the
 * API, including {@code "NaN"}, {@code "+Inf"} and {@code "-Inf"}; a NaN stays a NaN sample.
 */
final class QueryResponseParser {
  private static final int LABEL_SETS_SHOWN = 3;

  private QueryResponseParser() {}

  /** Returns the answer's warnings, if any. */
  static List<String> warnings(JsonNode root) {
    List<String> out = new ArrayList<>();
    root.path("warnings").forEach(w -> out.add(w.asText()));
    return out;
  }

  /**
   * Returns the samples of the single series in {@code root}'s data, or none when it has none.
   *
   * @throws FetchFailure with {@link Kind#AMBIGUOUS_RESULT} for more than one series, {@link
   *     Kind#MALFORMED_RESPONSE} for a shape the API does not document
   */
  static List<Sample> samples(JsonNode root) throws FetchFailure {
    JsonNode data = root.path("data");
    String resultType = data.path("resultType").asText("");
    JsonNode result = data.path("result");
    switch (resultType) {
      case "scalar" -> {
        return List.of(sample(result));
      }
      case "vector", "matrix" -> {
        if (!result.isArray()) {
          throw FetchFailure.malformed("data.result of a " + resultType + " is not an array");
        }
        if (result.isEmpty()) {
          return List.of();
        }
        if (result.size() > 1) {
          throw ambiguous(result);
        }
        JsonNode series = result.get(0);
        if (resultType.equals("vector")) {
          return List.of(sample(series.path("value")));
        }
        if (!series.has("values")) {
          throw FetchFailure.malformed(
              "the series has no float \"values\""
                  + (series.has("histograms")
                      ? " but native histograms; reduce them in PromQL, e.g. with"
                          + " histogram_quantile"
                      : ""));
        }
        List<Sample> samples = new ArrayList<>(series.path("values").size());
        for (JsonNode point : series.path("values")) {
          samples.add(sample(point));
        }
        return samples;
      }
      default ->
          throw FetchFailure.malformed(
              "data.resultType is '" + resultType + "'; expected matrix, vector or scalar");
    }
  }

  private static FetchFailure ambiguous(JsonNode result) {
    List<String> labelSets = new ArrayList<>();
    for (int i = 0; i < Math.min(LABEL_SETS_SHOWN, result.size()); i++) {
      labelSets.add(result.get(i).path("metric").toString());
    }
    return new FetchFailure(
        Kind.AMBIGUOUS_RESULT,
        false,
        "the query returned "
            + result.size()
            + " series, but a metric must be one series; aggregate in the PromQL template"
            + " (e.g. sum(...), max(...) or sum by () (...)) or narrow its label matchers."
            + " Series: "
            + String.join(", ", labelSets)
            + (result.size() > LABEL_SETS_SHOWN ? ", ..." : ""),
        null,
        null,
        null);
  }

  private static Sample sample(JsonNode point) throws FetchFailure {
    if (!point.isArray() || point.size() != 2 || !point.get(0).isNumber()) {
      throw FetchFailure.malformed("a sample is not [<unix seconds>, \"<value>\"]: " + point);
    }
    Instant at;
    try {
      at = instant(point.get(0).decimalValue());
    } catch (ArithmeticException | java.time.DateTimeException e) {
      throw FetchFailure.malformed("sample timestamp " + point.get(0) + " is out of range");
    }
    return new Sample(at, value(point.get(1).asText()));
  }

  private static Instant instant(BigDecimal unixSeconds) {
    BigDecimal seconds = unixSeconds.setScale(0, RoundingMode.FLOOR);
    int nanos = unixSeconds.subtract(seconds).movePointRight(9).intValue();
    return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
  }

  /** Parses a Prometheus sample value, which Go formats with NaN, +Inf and -Inf spelled so. */
  static double value(String text) throws FetchFailure {
    switch (text) {
      case "NaN" -> {
        return Double.NaN;
      }
      case "+Inf", "Inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw FetchFailure.malformed("sample value '" + text + "' is not a number");
        }
      }
    }
  }
}
