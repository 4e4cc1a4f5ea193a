package dev.rollback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.InMemoryClusterDriver;
import dev.rollback.testkit.RecordingNotifier;
import dev.rollback.testkit.TestRig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RollbackAutoConfigurationTest {

  @Test
  void withoutAdaptersThereIsNoEngineButTheHistoryIsThere() {
    Runners.starter().run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(RollbackEngine.class);
      assertThat(context).doesNotHaveBean(DeploymentMonitor.class);
      assertThat(context).hasSingleBean(RunHistory.class);
    });
  }

  @Test
  void theApplicationsAdaptersMakeAnEngineThatRollsBackAndReportsToTheHistory() {
    Runners.starter().withUserConfiguration(InMemoryAdapters.class).run(context -> {
      assertThat(context).hasSingleBean(RollbackEngine.class);
      assertThat(context.getBean(ClusterDriver.class)).isInstanceOf(InMemoryClusterDriver.class);
      // No metrics source: the monitor has nothing to judge with.
      assertThat(context).doesNotHaveBean(DeploymentMonitor.class);
      RollbackEngine engine = context.getBean(RollbackEngine.class);
      RunResult result = engine.start(TestRig.CHECKOUT, Trigger.manual("jane@example.com", "errors after v2"))
          .get(30, TimeUnit.SECONDS);
      assertThat(result.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
      assertThat(context.getBean(RecordingNotifier.class).delivered()).isNotEmpty();
      RunHistory history = context.getBean(RunHistory.class);
      assertThat(history.recent()).extracting(RunResult::runId).containsExactly(result.runId());
      assertThat(history.inProgress()).isEmpty();
    });
  }

  @Test
  void rollbackEnabledFalseTurnsTheEngineOff() {
    Runners.starter().withUserConfiguration(InMemoryAdapters.class)
        .withPropertyValues("rollback.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(RollbackEngine.class));
  }

  @Test
  void policyPropertiesReachTheEngine() {
    Runners.starter().withUserConfiguration(InMemoryAdapters.class)
        .withPropertyValues("rollback.policy.overall-deadline=20m", "rollback.policy.notifier-attempts=2")
        .run(context -> {
          RollbackEngine engine = context.getBean(RollbackEngine.class);
          assertThat(engine.policy().overallDeadline()).isEqualTo(Duration.ofMinutes(20));
          assertThat(engine.policy().notifierAttempts()).isEqualTo(2);
        });
  }

  @Test
  void holderIdPropertyNamesTheEngine() {
    Runners.starter().withUserConfiguration(InMemoryAdapters.class)
        .withPropertyValues("rollback.holder-id=replica-7")
        .run(context -> assertThat(context.getBean(RollbackEngine.class).holderId()).isEqualTo("replica-7"));
  }

  @Test
  void aBadPolicyValueFailsStartUpNamingTheProperty() {
    Runners.starter().withUserConfiguration(InMemoryAdapters.class)
        .withPropertyValues("rollback.policy.notifier-attempts=0")
        .run(context -> {
          assertThat(context).hasFailed();
          InvalidRollbackPropertiesException e = Runners.invalidProperties(context.getStartupFailure());
          assertThat(e.properties()).containsExactly("rollback.policy.notifier-attempts");
          assertThat(e.getMessage()).contains("RollbackPolicy").contains("notifierAttempts");
          assertThat(Runners.analysis(context.getStartupFailure()).getDescription())
              .contains("rollback.policy.notifier-attempts: RollbackPolicy: notifierAttempts");
        });
  }

  @Test
  void anOverallDeadlineTooShortForTheNotificationsNamesIt() {
    Runners.starter().withUserConfiguration(InMemoryAdapters.class)
        .withPropertyValues("rollback.policy.overall-deadline=1s")
        .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
            .contains("rollback.policy.overall-deadline"));
  }

  @Test
  void withoutAnyNotifierStartUpFailsPointingAtRollbackNotify() {
    Runners.starter().withUserConfiguration(InMemoryAdaptersWithoutNotifier.class).run(context -> {
      InvalidRollbackPropertiesException e = Runners.invalidProperties(context.getStartupFailure());
      assertThat(e.properties()).containsExactly("rollback.notify");
      assertThat(e.getMessage()).contains("at least one notifier is required");
    });
  }

  @Test
  void durabilityWithoutARunStoreFailsNamingTheProperty() {
    Runners.starter().withUserConfiguration(InMemoryAdapters.class)
        .withPropertyValues("rollback.durability.enabled=true")
        .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
            .containsExactly("rollback.durability.enabled"));
  }

  @Test
  void theApplicationsRunStoreAndLockMakeRunsDurable() {
    Runners.starter().withUserConfiguration(InMemoryAdapters.class, Durable.class)
        .withPropertyValues("rollback.durability.enabled=true", "rollback.durability.lease-duration=30s")
        .run(context -> {
          RollbackEngine engine = context.getBean(RollbackEngine.class);
          RunResult result = engine.start(TestRig.CHECKOUT, Trigger.manual("jane@example.com", "errors"))
              .get(30, TimeUnit.SECONDS);
          assertThat(result.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
          assertThat(context.getBean(dev.rollback.testkit.InMemoryRunStore.class).saves()).isPositive();
        });
  }

  @Test
  void aBadLeaseDurationNamesTheDurabilityProperty() {
    Runners.starter().withUserConfiguration(InMemoryAdapters.class, Durable.class)
        .withPropertyValues("rollback.durability.enabled=true", "rollback.durability.lease-duration=0s")
        .run(context -> assertThat(Runners.invalidProperties(context.getStartupFailure()).properties())
            .containsExactly("rollback.durability.lease-duration"));
  }

  /** A run store and a lock of the application's own. */
  @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
  static class Durable {
    @org.springframework.context.annotation.Bean
    dev.rollback.testkit.InMemoryRunStore runStore() {
      return dev.rollback.testkit.InMemoryRunStore.create();
    }

    @org.springframework.context.annotation.Bean
    dev.rollback.testkit.InMemoryDeploymentLock lock() {
      return dev.rollback.testkit.InMemoryDeploymentLock.create(java.time.Clock.systemUTC());
    }
  }
}
