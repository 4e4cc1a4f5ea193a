package dev.rollback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.k8s.KubernetesAdapters;
import dev.rollback.notify.Notifiers;
import dev.rollback.prometheus.PrometheusConfig;
import dev.rollback.prometheus.PrometheusMetricsSource;
import dev.rollback.smoke.http.HttpSmokeConfig;
import dev.rollback.smoke.http.SmokeTesters;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.VersionRegistry;
import dev.rollback.spi.helpers.HttpTimeouts;
import dev.rollback.testkit.InMemoryClusterDriver;
import dev.rollback.testkit.InMemoryMetricsSource;
import dev.rollback.testkit.InMemorySmokeTester;
import dev.rollback.testkit.RecordingNotifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

/** Each adapter group: present with its jar and properties, absent without either, replaced by the application's bean. */
@ExtendWith(OutputCaptureExtension.class)
class AdapterAutoConfigurationTest {
  private static final String PASSWORD = "pr0m-s3cret-password";
  private static final String SLACK_URL = "https://hooks.slack.example/services/T000/B000/sl4ck-s3cret";
  private static final String ROUTING_KEY = "pd-r0uting-s3cret-key-0123456789ab";
  private static final String WEBHOOK_URL = "https://hooks.example/rollback/w3bhook-s3cret";
  private static final String SIGNING = "s1gning-s3cret";

  @Nested
  class Prometheus {
    private final String[] configured = {
        "rollback.prometheus.url=http://prometheus.example:9090",
        "rollback.prometheus.username=rollback",
        "rollback.prometheus.password=" + PASSWORD,
        "rollback.prometheus.metrics.error-ratio.query=sum(rate(errors{version=\"{version}\"}[1m]))",
        "rollback.detection.error-ratio-metrics=error-ratio"};

    @Test
    void aUrlMakesTheMetricsSourceAndWithTheAdaptersAMonitor(CapturedOutput output) {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class).withPropertyValues(configured).run(context -> {
        assertThat(context.getBean(MetricsSource.class)).isInstanceOf(PrometheusMetricsSource.class);
        PrometheusConfig config = context.getBean(PrometheusConfig.class);
        assertThat(config.metrics()).containsKey("error-ratio");
        assertThat(context).hasSingleBean(DeploymentMonitor.class);
        assertThat(config.toString()).doesNotContain(PASSWORD);
        assertThat(context.getBean(MetricsSource.class).toString()).doesNotContain(PASSWORD);
        assertThat(context.getBean(RollbackProperties.class).getPrometheus().getPassword().toString())
            .doesNotContain(PASSWORD);
      });
      assertThat(output.getAll()).doesNotContain(PASSWORD);
    }

    @Test
    void withoutTheUrlOrTheJarThereIsNone() {
      Runners.starter().run(context -> assertThat(context).doesNotHaveBean(MetricsSource.class));
      Runners.starter().withClassLoader(new FilteredClassLoader(PrometheusMetricsSource.class))
          .withPropertyValues(configured)
          .run(context -> assertThat(context).doesNotHaveBean(MetricsSource.class));
    }

    @Test
    void theApplicationsMetricsSourceWins() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class, OwnMetrics.class).withPropertyValues(configured)
          .run(context -> assertThat(context.getBean(MetricsSource.class)).isInstanceOf(InMemoryMetricsSource.class));
    }

    @Test
    void badValuesFailNamingTheirProperties() {
      Runners.starter().withPropertyValues(configured).withPropertyValues("rollback.prometheus.max-attempts=0")
          .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
              .containsExactly("rollback.prometheus.max-attempts"));
      Runners.starter().withPropertyValues(configured).withPropertyValues("rollback.prometheus.url=http://bad host/")
          .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
              .containsExactly("rollback.prometheus.url"));
      Runners.starter().withPropertyValues(configured).withPropertyValues("rollback.prometheus.bearer-token=t0ken")
          .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
              .containsExactly("rollback.prometheus.bearer-token"));
    }

    @Test
    void theTimeoutsKeepTheirPropertyNamesAndTheirDefaultsWhenUnset() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class).withPropertyValues(configured)
          .withPropertyValues("rollback.prometheus.connect-timeout=2s", "rollback.prometheus.request-timeout=7s")
          .run(context -> assertThat(context.getBean(PrometheusConfig.class).timeouts())
              .isEqualTo(new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(7))));
      Runners.starter().withUserConfiguration(InMemoryAdapters.class).withPropertyValues(configured)
          .withPropertyValues("rollback.prometheus.request-timeout=7s")
          .run(context -> assertThat(context.getBean(PrometheusConfig.class).timeouts())
              .isEqualTo(HttpTimeouts.ofDefaults().withRequestTimeout(Duration.ofSeconds(7))));
      Runners.starter().withPropertyValues(configured)
          .withPropertyValues("rollback.prometheus.connect-timeout=0s", "rollback.prometheus.request-timeout=11m")
          .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
              .containsExactly("rollback.prometheus.connect-timeout", "rollback.prometheus.request-timeout"));
    }

    @Test
    void aMonitorWithoutMetricsToWatchFailsNamingTheDetectionProperty() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class)
          .withPropertyValues("rollback.prometheus.url=http://prometheus.example:9090",
              "rollback.prometheus.metrics.error-ratio.query=sum(rate(errors[1m]))")
          .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
              .containsExactly("rollback.detection.error-ratio-metrics"));
      Runners.starter().withPropertyValues("rollback.prometheus.url=http://prometheus.example:9090")
          .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
              .containsExactly("rollback.prometheus.metrics"));
    }
  }

  @Nested
  class Notify {
    private final String[] all = {
        "rollback.notify.slack.webhook-url=" + SLACK_URL,
        "rollback.notify.pagerduty.routing-key=" + ROUTING_KEY,
        "rollback.notify.webhook.url=" + WEBHOOK_URL,
        "rollback.notify.webhook.signing-secret=" + SIGNING};

    @Test
    void eachSecretSetMakesItsNotifierInFallbackOrderAndTheEngineUsesThem(CapturedOutput output) {
      Runners.starter().withUserConfiguration(InMemoryAdaptersWithoutNotifier.class).withPropertyValues(all)
          .run(context -> {
            RollbackNotifiers notifiers = context.getBean(RollbackNotifiers.class);
            assertThat(notifiers.notifiers()).hasSize(3);
            assertThat(context).hasSingleBean(RollbackEngine.class);
            String shown = notifiers + " " + context.getBean(RollbackProperties.class).getNotify().getWebhook().getHeaders();
            for (Notifier n : notifiers.notifiers()) {
              shown += " " + n + " " + n.name();
            }
            assertThat(shown).doesNotContain(SLACK_URL, ROUTING_KEY, WEBHOOK_URL, SIGNING);
          });
      assertThat(output.getAll()).doesNotContain(SLACK_URL, ROUTING_KEY, WEBHOOK_URL, SIGNING);
    }

    @Test
    void onlyTheNotifiersWhoseSecretIsSetAreMade() {
      Runners.starter().withPropertyValues("rollback.notify.pagerduty.routing-key=" + ROUTING_KEY)
          .run(context -> assertThat(context.getBean(RollbackNotifiers.class).notifiers()).hasSize(1));
    }

    @Test
    void theApplicationsNotifierReplacesThem() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class).withPropertyValues(all).run(context -> {
        assertThat(context).doesNotHaveBean(RollbackNotifiers.class);
        assertThat(context.getBean(Notifier.class)).isInstanceOf(RecordingNotifier.class);
      });
    }

    @Test
    void withoutTheJarThereAreNone() {
      Runners.starter().withClassLoader(new FilteredClassLoader(Notifiers.class)).withPropertyValues(all)
          .run(context -> assertThat(context).doesNotHaveBean(RollbackNotifiers.class));
    }

    @Test
    void aBadUrlFailsNamingItsPropertyWithoutShowingTheSecret(CapturedOutput output) {
      String bad = "ftp://hooks.example/n0t-http-s3cret";
      Runners.starter().withPropertyValues("rollback.notify.slack.webhook-url=" + bad).run(context -> {
        InvalidRollbackPropertiesException e = Runners.invalidProperties(context.getStartupFailure());
        assertThat(e.properties()).containsExactly("rollback.notify.slack.webhook-url");
        assertThat(e.getMessage()).doesNotContain("n0t-http-s3cret");
        assertThat(Runners.analysis(context.getStartupFailure()).getDescription()).doesNotContain("n0t-http-s3cret");
      });
      assertThat(output.getAll()).doesNotContain("n0t-http-s3cret");
    }
  }

  @Nested
  class SmokeHttp {
    private final String[] check = {
        "rollback.smoke.http.checks[0].name=health",
        "rollback.smoke.http.checks[0].url=http://{service}.{namespace}.svc/health",
        "rollback.smoke.http.checks[0].expected-status=204"};

    @Test
    void aCheckWithAUrlMakesTheSmokeTester() {
      Runners.starter().withPropertyValues(check).run(context -> {
        assertThat(context).hasSingleBean(SmokeTester.class);
        HttpSmokeConfig config = context.getBean(HttpSmokeConfig.class);
        assertThat(config.checks()).singleElement().satisfies(c -> {
          assertThat(c.name()).isEqualTo("health");
          assertThat(c.expectedStatus()).isEqualTo(204);
        });
      });
    }

    @Test
    void withoutChecksOrTheJarThereIsNoneAndTheApplicationsWins() {
      Runners.starter().run(context -> assertThat(context).doesNotHaveBean(SmokeTester.class));
      Runners.starter().withClassLoader(new FilteredClassLoader(SmokeTesters.class)).withPropertyValues(check)
          .run(context -> assertThat(context).doesNotHaveBean(SmokeTester.class));
      Runners.starter().withUserConfiguration(InMemoryAdapters.class).withPropertyValues(check)
          .run(context -> assertThat(context.getBean(SmokeTester.class)).isInstanceOf(InMemorySmokeTester.class));
    }

    @Test
    void aBadStatusFailsNamingTheCheckAndItsProperty() {
      Runners.starter().withPropertyValues(check).withPropertyValues("rollback.smoke.http.checks[0].expected-status=42")
          .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
              .containsExactly("rollback.smoke.http.checks[0].expected-status"));
    }

    @Test
    void theTimeoutsKeepTheirPropertyNamesAndTheirDefaultsWhenUnset() {
      Runners.starter().withPropertyValues(check)
          .run(context -> assertThat(context.getBean(HttpSmokeConfig.class).timeouts()).isEqualTo(HttpTimeouts.ofDefaults()));
      Runners.starter().withPropertyValues(check)
          .withPropertyValues("rollback.smoke.http.connect-timeout=1s", "rollback.smoke.http.request-timeout=3s")
          .run(context -> assertThat(context.getBean(HttpSmokeConfig.class).timeouts())
              .isEqualTo(new HttpTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3))));
      Runners.starter().withPropertyValues(check).withPropertyValues("rollback.smoke.http.request-timeout=-1s")
          .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).problems())
              .singleElement().satisfies(p -> {
                assertThat(p.property()).isEqualTo("rollback.smoke.http.request-timeout");
                assertThat(p.problem()).isEqualTo("HttpSmokeConfig: requestTimeout must be positive but was PT-1S");
              }));
    }
  }

  @Nested
  class Kubernetes {
    @TempDir Path dir;

    private String kubeconfig() throws Exception {
      Path file = dir.resolve("kubeconfig");
      Files.writeString(file, """
          apiVersion: v1
          kind: Config
          clusters:
          - name: test
            cluster:
              server: https://127.0.0.1:6443
              insecure-skip-tls-verify: true
          users:
          - name: test
            user:
              token: k8s-t0ken
          contexts:
          - name: test
            context:
              cluster: test
              user: test
          current-context: test
          """);
      return file.toString();
    }

    @Test
    void enabledWithAKubeconfigMakesTheDriverTheRegistryAndWithDurabilityTheStoreAndLock() throws Exception {
      Runners.starter()
          .withPropertyValues("rollback.kubernetes.enabled=true", "rollback.kubernetes.kubeconfig=" + kubeconfig(),
              "rollback.kubernetes.shape=blue-green", "rollback.durability.enabled=true",
              "rollback.durability.namespace=rollback")
          .run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(KubernetesAdapters.class);
            assertThat(context).hasSingleBean(ClusterDriver.class);
            assertThat(context).hasSingleBean(VersionRegistry.class);
            assertThat(context).hasSingleBean(RunStore.class);
            assertThat(context).hasSingleBean(DeploymentLock.class);
          });
    }

    @Test
    void offByDefaultAbsentWithoutTheJarAndTheApplicationsDriverWins() throws Exception {
      Runners.starter().run(context -> assertThat(context).doesNotHaveBean(KubernetesAdapters.class));
      Runners.starter().withClassLoader(new FilteredClassLoader(KubernetesAdapters.class))
          .withPropertyValues("rollback.kubernetes.enabled=true")
          .run(context -> assertThat(context).doesNotHaveBean(ClusterDriver.class));
      Runners.starter().withUserConfiguration(InMemoryAdapters.class)
          .withPropertyValues("rollback.kubernetes.enabled=true", "rollback.kubernetes.kubeconfig=" + kubeconfig())
          .run(context -> assertThat(context.getBean(ClusterDriver.class)).isInstanceOf(InMemoryClusterDriver.class));
    }

    @Test
    void badValuesFailNamingTheirProperties() throws Exception {
      String config = kubeconfig();
      Runners.starter()
          .withPropertyValues("rollback.kubernetes.enabled=true", "rollback.kubernetes.kubeconfig=" + config,
              "rollback.kubernetes.shape=sideways")
          .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
              .containsExactly("rollback.kubernetes.shape"));
      Runners.starter()
          .withPropertyValues("rollback.kubernetes.enabled=true", "rollback.kubernetes.kubeconfig=" + dir.resolve("none"))
          .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
              .containsExactly("rollback.kubernetes.kubeconfig"));
      Runners.starter()
          .withPropertyValues("rollback.kubernetes.enabled=true", "rollback.kubernetes.kubeconfig=" + config,
              "rollback.durability.enabled=true")
          .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
              .containsExactly("rollback.durability.namespace"));
    }
  }

  /** A metrics source of the application's own. */
  @TestConfiguration(proxyBeanMethods = false)
  static class OwnMetrics {
    @Bean
    InMemoryMetricsSource metrics() {
      return InMemoryMetricsSource.create();
    }
  }
}
