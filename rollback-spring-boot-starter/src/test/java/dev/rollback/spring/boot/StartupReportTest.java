package dev.rollback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

/** What an application sees at start-up: the failure report of a bad property, and the IDE's metadata. */
@ExtendWith(OutputCaptureExtension.class)
class StartupReportTest {

  /** An application with the test kit's adapters. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(InMemoryAdapters.class)
  static class Application {}

  @Test
  void aBadPropertyIsReportedByItsNameInTheStartUpFailureAnalysis(CapturedOutput output) {
    assertThatThrownBy(() -> new SpringApplicationBuilder(Application.class)
        .web(WebApplicationType.NONE)
        .properties("rollback.policy.notifier-attempts=0", "spring.main.banner-mode=off")
        .run())
        .hasRootCauseInstanceOf(dev.rollback.spi.helpers.InvalidConfigurationException.class);
    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("Invalid rollback properties:")
        .contains("rollback.policy.notifier-attempts: RollbackPolicy: notifierAttempts must be >= 1 but was 0");
  }

  @Test
  void theJarCarriesConfigurationMetadataForEveryGroup() throws Exception {
    assertThat(metadata()).contains(
        "\"rollback.enabled\"", "\"rollback.policy.overall-deadline\"", "\"rollback.detection.error-ratio-metrics\"",
        "\"rollback.durability.namespace\"", "\"rollback.kubernetes.kubeconfig\"", "\"rollback.prometheus.metrics\"",
        "\"rollback.notify.slack.webhook-url\"", "\"rollback.notify.pagerduty.routing-key\"",
        "\"rollback.notify.webhook.signing-secret\"", "\"rollback.smoke.http.checks\"", "\"rollback.micrometer.enabled\"",
        "\"rollback.endpoint.manual-rollback.enabled\"", "\"rollback.health.max-lag\"",
        "The password of basic authentication; never logged.");
  }

  @Test
  void theSharedTimeoutPropertiesKeepTheirNamesInBothGroups() throws Exception {
    assertThat(metadata()).contains(
        "\"rollback.prometheus.connect-timeout\"", "\"rollback.prometheus.request-timeout\"",
        "\"rollback.smoke.http.connect-timeout\"", "\"rollback.smoke.http.request-timeout\"",
        "The deadline of one request; unset keeps the adapter's default.");
  }

  private String metadata() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
