package dev.rollback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.core.postmortem.DirectoryPublisher;
import dev.rollback.spring.boot.actuate.RollbackEndpoint;
import dev.rollback.testkit.InMemoryMetricsSource;
import dev.rollback.testkit.TestRig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** How the beans the application brings reach the engine and the monitor. */
class WiringTest {
  @TempDir static Path postmortems;

  @Test
  void aSecretFromAnEnvironmentVariableMakesItsNotifier() {
    String url = "https://hooks.slack.example/services/T1/B1/from-the-environment";
    Runners.starter().withUserConfiguration(InMemoryAdaptersWithoutNotifier.class)
        // Boot maps ROLLBACK_NOTIFY_SLACK_WEBHOOKURL to the property only in the environment's own source.
        .withInitializer(context -> context.getEnvironment().getPropertySources().replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("ROLLBACK_NOTIFY_SLACK_WEBHOOKURL", url))))
        .run(context -> {
          assertThat(context.getBean(RollbackNotifiers.class).notifiers()).hasSize(1);
          assertThat(context).hasSingleBean(RollbackEngine.class);
          assertThat(context.getBean(RollbackProperties.class).getNotify().getSlack().getWebhookUrl().reveal())
              .isEqualTo(url);
        });
  }

  @Test
  void aPostmortemPublisherBeanPublishesAndTheEndpointLinksThePostmortem() {
    Runners.starter().withUserConfiguration(InMemoryAdapters.class)
        .withBean(DirectoryPublisher.class, () -> DirectoryPublisher.into(postmortems).markdownAndJsonOnly())
        .withPropertyValues("management.endpoints.web.exposure.include=rollback")
        .run(context -> {
          RunResult result = context.getBean(RollbackEngine.class)
              .start(TestRig.CHECKOUT, Trigger.manual("jane@example.com", "errors")).get(30, TimeUnit.SECONDS);
          assertThat(result.publications()).anySatisfy(p -> assertThat(p.published()).isTrue());
          assertThat(context.getBean(RollbackEndpoint.class).runs().recent()).singleElement()
              .satisfies(r -> assertThat(r.postmortems()).singleElement()
                  .satisfies(uri -> assertThat(Path.of(uri)).startsWith(postmortems).exists()));
        });
  }

  @Test
  void theMonitorsJudgementsReachMonitorLag() {
    Runners.starter().withUserConfiguration(InMemoryAdapters.class)
        .withBean(InMemoryMetricsSource.class, InMemoryMetricsSource::create)
        .withPropertyValues("rollback.detection.error-ratio-metrics=error-ratio", "rollback.detection.interval=100ms")
        .run(context -> {
          MonitorLag lag = context.getBean(MonitorLag.class);
          assertThat(lag.lastJudgement()).isEmpty();
          context.getBean(DeploymentMonitor.class)
              .watch(new MonitoredDeployment(TestRig.CHECKOUT, TestRig.V2.id(), Instant.now()));
          await().atMost(Duration.ofSeconds(10)).until(() -> lag.lastJudgement().isPresent());
          assertThat(lag.lag()).hasValueSatisfying(d -> assertThat(d).isLessThan(Duration.ofMinutes(1)));
        });
  }
}
