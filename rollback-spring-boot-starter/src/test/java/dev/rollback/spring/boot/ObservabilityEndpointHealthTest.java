package dev.rollback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.micrometer.RollbackObservability;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunStore;
import dev.rollback.spring.boot.actuate.ManualRollbackEndpoint;
import dev.rollback.spring.boot.actuate.RollbackEndpoint;
import dev.rollback.spring.boot.actuate.RollbackHealthIndicator;
import dev.rollback.testkit.InMemoryDeploymentLock;
import dev.rollback.testkit.InMemoryRunStore;
import dev.rollback.testkit.TestRig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

class ObservabilityEndpointHealthTest {

  @Nested
  class Micrometer {
    @Test
    void aMeterRegistryTurnsTheBindingOnAndARunIsCounted() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class, Registry.class).run(context -> {
        assertThat(context).hasSingleBean(RollbackObservability.class);
        RunResult result = context.getBean(RollbackEngine.class)
            .start(TestRig.CHECKOUT, Trigger.manual("jane@example.com", "errors")).get(30, TimeUnit.SECONDS);
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(registry.find("rollback.runs.ended").tag("outcome", result.outcome().name()).counter())
                .isNotNull()
                .satisfies(c -> assertThat(c.count()).isEqualTo(1.0)));
      });
    }

    @Test
    void offWithoutARegistryWithoutTheJarOrWhenDisabled() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class)
          .run(context -> assertThat(context).doesNotHaveBean(RollbackObservability.class));
      Runners.starter().withUserConfiguration(InMemoryAdapters.class, Registry.class)
          .withPropertyValues("rollback.micrometer.enabled=false")
          .run(context -> assertThat(context).doesNotHaveBean(RollbackObservability.class));
      Runners.starter().withUserConfiguration(InMemoryAdapters.class, Registry.class)
          .withClassLoader(new FilteredClassLoader(RollbackObservability.class))
          .run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(RollbackObservability.class);
            assertThat(context).hasSingleBean(RollbackEngine.class);
          });
    }
  }

  @Nested
  class Endpoint {
    @Test
    void readOnlyByDefaultAndListsFinishedRunsWithTheirJournal() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class)
          .withPropertyValues("management.endpoints.web.exposure.include=rollback")
          .run(context -> {
            assertThat(context).hasSingleBean(RollbackEndpoint.class);
            assertThat(context).doesNotHaveBean(ManualRollbackEndpoint.class);
            RunResult result = context.getBean(RollbackEngine.class)
                .start(TestRig.CHECKOUT, Trigger.manual("jane@example.com", "errors")).get(30, TimeUnit.SECONDS);
            RollbackEndpoint endpoint = context.getBean(RollbackEndpoint.class);
            RollbackEndpoint.RunsDescriptor runs = endpoint.runs();
            assertThat(runs.inProgress()).isEmpty();
            assertThat(runs.recent()).singleElement().satisfies(r -> {
              assertThat(r.runId()).isEqualTo(result.runId().value());
              assertThat(r.outcome()).isEqualTo("ROLLED_BACK");
              assertThat(r.trigger()).isEqualTo("errors");
            });
            RollbackEndpoint.JournalDescriptor journal = endpoint.run(result.runId().value());
            assertThat(journal).isNotNull();
            assertThat(journal.steps()).extracting(RollbackEndpoint.Step::node).contains("Update service selector");
            assertThat(endpoint.run("rb-unknown")).isNull();
          });
    }

    @Test
    void theWriteOperationStartsAManualRollbackWhenEnabled() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class)
          .withPropertyValues("management.endpoints.web.exposure.include=rollback",
              "rollback.endpoint.manual-rollback.enabled=true", "rollback.endpoint.recent-runs=1")
          .run(context -> {
            ManualRollbackEndpoint endpoint = context.getBean(ManualRollbackEndpoint.class);
            DeploymentRef d = TestRig.CHECKOUT;
            ManualRollbackEndpoint.ManualRollback started =
                endpoint.rollback(d.cluster(), d.namespace(), d.name(), "jane@example.com", "checkout errors");
            assertThat(started.deployment()).isEqualTo(d.toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> !endpoint.runs().recent().isEmpty());
            assertThat(endpoint.runs().recent()).singleElement()
                .satisfies(r -> assertThat(r.trigger()).isEqualTo("checkout errors"));
          });
    }

    @Test
    void notDefinedWhenNotExposedOrWithoutActuator() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class)
          .run(context -> assertThat(context).doesNotHaveBean(RollbackEndpoint.class));
      Runners.starter().withUserConfiguration(InMemoryAdapters.class)
          .withPropertyValues("management.endpoints.web.exposure.include=rollback")
          .withClassLoader(new FilteredClassLoader(org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
          .run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(RollbackEndpoint.class);
          });
    }
  }

  @Nested
  class HealthIndicatorOfRollback {
    @Test
    void upWithAReachableStoreAndLockAndNoJudgementYet() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class, Durable.class).run(context -> {
        Health health = context.getBean(RollbackHealthIndicator.class).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("monitorLag", "no judgement yet")
            .containsEntry("runStore", "reachable, 0 unfinished runs")
            .containsEntry("deploymentLock", "reachable");
      });
    }

    @Test
    void downWhenTheStoreFails() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class, Broken.class).run(context -> {
        Health health = context.getBean(RollbackHealthIndicator.class).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(String.valueOf(health.getDetails().get("runStore"))).startsWith("unreachable").contains("store is down");
      });
    }

    @Test
    void downWhenTheLagExceedsMaxLag() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class)
          .withPropertyValues("rollback.health.max-lag=1m")
          .run(context -> {
            MonitorLag lag = context.getBean(MonitorLag.class);
            lag.accept(new dev.rollback.core.detect.Judgement(TestRig.CHECKOUT, "test",
                Clock.systemUTC().instant().minus(Duration.ofMinutes(5)), Duration.ofMillis(10),
                new dev.rollback.core.detect.Judgement.Result.Failed("no data")));
            Health health = context.getBean(RollbackHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("monitorLagExceeds", "PT1M");
          });
    }

    @Test
    void absentWithoutSpringBootHealthOrWhenDisabled() {
      Runners.starter().withUserConfiguration(InMemoryAdapters.class)
          .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
          .run(context -> assertThat(context).doesNotHaveBean(RollbackHealthIndicator.class));
      Runners.starter().withUserConfiguration(InMemoryAdapters.class)
          .withPropertyValues("management.health.rollback.enabled=false")
          .run(context -> assertThat(context).doesNotHaveBean(RollbackHealthIndicator.class));
    }
  }

  /** A meter registry of the application's own. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  /** An in-memory run store and lock. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Durable {
    @Bean
    InMemoryRunStore runStore() {
      return InMemoryRunStore.create();
    }

    @Bean
    InMemoryDeploymentLock lock() {
      return InMemoryDeploymentLock.create(Clock.systemUTC());
    }
  }

  /** A run store whose backend is down. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Broken {
    @Bean
    RunStore runStore() {
      return new RunStore() {
        @Override
        public String save(dev.rollback.spi.RunRecord record, @org.jspecify.annotations.Nullable String expected) {
          throw new IllegalStateException("store is down");
        }

        @Override
        public java.util.Optional<dev.rollback.spi.StoredRun> load(dev.rollback.spi.RunId runId) {
          throw new IllegalStateException("store is down");
        }

        @Override
        public List<dev.rollback.spi.StoredRun> unfinished() {
          throw new IllegalStateException("store is down");
        }
      };
    }
  }
}
