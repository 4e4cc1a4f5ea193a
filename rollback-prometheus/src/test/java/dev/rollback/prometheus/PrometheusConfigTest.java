package dev.rollback.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.InvalidValueException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PrometheusConfigTest {
  private static final URI URL = URI.create("http://prometheus:9090");

  private static String failure(Executable e) {
    return assertThrows(InvalidValueException.class, e).getMessage();
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
  void eachBadSettingIsRefusedNamingItsField() {
    PrometheusConfig.Builder b = PrometheusConfig.builder(URL);

    assertTrue(failure(() -> b.maxAttempts(0)).startsWith("PrometheusConfig.maxAttempts"));
    assertTrue(failure(() -> b.maxAttempts(11)).contains("between 1 and 10"));
    assertTrue(failure(() -> b.requestTimeout(Duration.ZERO)).startsWith("PrometheusConfig.requestTimeout"));
    assertTrue(failure(() -> b.connectTimeout(Duration.ofHours(1))).startsWith("PrometheusConfig.connectTimeout"));
    assertTrue(
        failure(() -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
            .startsWith("PrometheusConfig.initialBackoff"));
    assertTrue(failure(() -> b.backoff(Duration.ofMillis(-1), Duration.ZERO)).contains("initialBackoff"));
    assertTrue(failure(() -> b.metric(" ", "up")).startsWith("PrometheusConfig.metrics name"));
    assertTrue(failure(() -> b.metric("m", "x{ns={namespace}}")).startsWith("MetricTemplate.query"));
    assertTrue(failure(b::build).contains("at least one metric"));
  }

  @Test
  void baseUrlMustBeHttpWithAHostAndNoCredentials() {
    assertTrue(failure(() -> PrometheusConfig.builder(URI.create("ftp://h/"))).contains("http or https"));
    assertTrue(failure(() -> PrometheusConfig.builder(URI.create("/relative"))).contains("host"));
    assertTrue(failure(() -> PrometheusConfig.builder(URI.create("http://h/?q=1"))).contains("query"));
    String userInfo = failure(() -> PrometheusConfig.builder(URI.create("http://u:secret@h/")));
    assertTrue(userInfo.contains("user info"));
    assertFalse(userInfo.contains("secret"), userInfo);
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
