package dev.rollback.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.InvalidValueException;
import dev.rollback.spi.helpers.HttpTimeouts;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PrometheusConfigTest {
  private static final URI URL = URI.create("http://prometheus:9090");

  /** The message of the {@link InvalidValueException} a value type's factory throws. */
  private static String failure(Executable e) {
    return assertThrows(InvalidValueException.class, e).getMessage();
  }

  /** The problems {@link PrometheusConfig.Builder#build()} reports, every one at once. */
  private static List<String> problems(PrometheusConfig.Builder b) {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, b::build);
    assertEquals("PrometheusConfig", e.configuration());
    return e.problems();
  }

  private static String problem(PrometheusConfig.Builder b) {
    List<String> problems = problems(b);
    assertEquals(1, problems.size(), problems.toString());
    return problems.get(0);
  }

  @Test
  void defaultsAreSafeAndTheBaseUrlEndsInASlash() {
    PrometheusConfig c = PrometheusConfig.builder(URL).metric("m", "up").build();

    assertEquals(URI.create("http://prometheus:9090/"), c.baseUrl());
    assertEquals(Duration.ofSeconds(5), c.connectTimeout());
    assertEquals(Duration.ofSeconds(10), c.requestTimeout());
    assertEquals(3, c.maxAttempts());
    assertEquals(Duration.ofMillis(200), c.initialBackoff());
    assertEquals(Duration.ofSeconds(2), c.maxBackoff());
    assertEquals(PrometheusAuth.none(), c.auth());
  }

  @Test
  void builderFromExistingCopiesEverySetting() {
    PrometheusConfig original =
        PrometheusConfig.builder(URI.create("https://example.org/prom/"))
            .metric("a", "up")
            .auth(PrometheusAuth.bearer("t"))
            .connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(3))
            .maxAttempts(5)
            .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
            .build();

    PrometheusConfig copy = PrometheusConfig.builder(original).metric("b", "up").build();

    assertEquals(original.toString().replace("[a]", "[a, b]"), copy.toString());
    assertEquals(original.auth(), copy.auth());
    assertEquals(1, original.metrics().size(), "building the copy left the original alone");
  }

  @Test
  void theTimeoutsAreOnePairWithinPrometheusOwnLimitsOfOneMillisecondToTenMinutes() {
    PrometheusConfig c = PrometheusConfig.builder(URL).metric("m", "up")
        .timeouts(new HttpTimeouts(Duration.ofMillis(1), Duration.ofMinutes(10)))
        .build();
    assertEquals(new HttpTimeouts(Duration.ofMillis(1), Duration.ofMinutes(10)), c.timeouts());
    assertEquals(Duration.ofMinutes(10), c.requestTimeout());
    assertEquals(HttpTimeouts.ofDefaults(), PrometheusConfig.builder(URL).metric("m", "up").build().timeouts());
    assertEquals(c.timeouts(), PrometheusConfig.builder(c).build().timeouts());

    // A pair HttpTimeouts accepts may still break Prometheus' narrower limits, one problem a field.
    assertEquals(List.of("connectTimeout must be between 1 ms and PT10M but was PT0.000999S",
            "requestTimeout must be between 1 ms and PT10M but was PT1H"),
        problems(PrometheusConfig.builder(URL).metric("m", "up")
            .timeouts(new HttpTimeouts(Duration.ofMillis(1).minusNanos(1000), Duration.ofHours(1)))));
    assertEquals("requestTimeout must be between 1 ms and PT10M but was null",
        problem(PrometheusConfig.builder(URL).metric("m", "up").requestTimeout(null)));
  }

  @Test
  void everyBadSettingIsReportedAtOnceNamingItsField() {
    List<String> problems = problems(PrometheusConfig.builder(URL)
        .maxAttempts(0)
        .requestTimeout(Duration.ZERO)
        .connectTimeout(Duration.ofHours(1))
        .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
        .metric(" ", "up")
        .metric("m", "x{ns={namespace}}"));

    assertEquals(6, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("metrics name"), problems.get(0));
    assertTrue(problems.get(1).startsWith("MetricTemplate.query"), problems.get(1));
    assertTrue(problems.get(2).startsWith("connectTimeout"), problems.get(2));
    assertTrue(problems.get(3).startsWith("requestTimeout"), problems.get(3));
    assertTrue(problems.get(4).startsWith("maxAttempts"), problems.get(4));
    assertTrue(problems.get(5).startsWith("initialBackoff"), problems.get(5));
    assertTrue(problem(PrometheusConfig.builder(URL).metric("m", "up").maxAttempts(11)).contains("between 1 and 10"));
    assertTrue(problem(PrometheusConfig.builder(URL).metric("m", "up").backoff(Duration.ofMillis(-1), Duration.ZERO))
        .contains("initialBackoff"));
    assertTrue(problem(PrometheusConfig.builder(URL)).contains("at least one metric"));
    assertTrue(problem(PrometheusConfig.builder(URL).metric("m", "up").auth(null)).startsWith("auth must not be null"));
  }

  @Test
  void baseUrlMustBeHttpWithAHostAndNoCredentials() {
    assertTrue(baseUrlProblem("ftp://h/").contains("http or https"));
    assertTrue(baseUrlProblem("/relative").contains("host"));
    assertTrue(baseUrlProblem("http://h/?q=1").contains("query"));
    String userInfo = baseUrlProblem("http://u:secret@h/");
    assertTrue(userInfo.contains("user info"));
    assertFalse(userInfo.contains("secret"), userInfo);
  }

  private static String baseUrlProblem(String url) {
    String problem = problem(PrometheusConfig.builder(URI.create(url)).metric("m", "up"));
    assertTrue(problem.startsWith("baseUrl"), problem);
    return problem;
  }

  @Test
  void templatesForVersionAndWholeDeploymentMustFitTogether() {
    assertTrue(
        failure(() -> MetricTemplate.of("up{ns=\"{namespace}\"}", "sum(up)"))
            .contains("only allowed when MetricTemplate.query uses {version}"));
    assertTrue(
        failure(() -> MetricTemplate.of("up{v=\"{version}\"}", "up{v=\"{version}\"}"))
            .startsWith("MetricTemplate.deploymentQuery must not use {version}"));
    assertTrue(failure(() -> MetricTemplate.of(" ")).startsWith("MetricTemplate.query must not be blank"));
  }

  @Test
  void credentialsNeverShowInToStringOrValidationMessages() {
    PrometheusConfig basic =
        PrometheusConfig.builder(URL).metric("m", "up").auth(PrometheusAuth.basic("ann", "s3cret")).build();
    PrometheusConfig bearer =
        PrometheusConfig.builder(URL).metric("m", "up").auth(PrometheusAuth.bearer("t0ken")).build();

    assertTrue(basic.toString().contains("basic(ann, password ****)"), basic.toString());
    assertFalse(basic.toString().contains("s3cret"));
    assertFalse(bearer.toString().contains("t0ken"));
    assertFalse(failure(() -> PrometheusAuth.bearer("tok en")).contains("tok en"));
    assertFalse(failure(() -> PrometheusAuth.basic("ann", "pw\n")).contains("pw"));
    assertTrue(failure(() -> PrometheusAuth.basic("a:b", "pw")).contains("must not contain ':'"));
  }
}
