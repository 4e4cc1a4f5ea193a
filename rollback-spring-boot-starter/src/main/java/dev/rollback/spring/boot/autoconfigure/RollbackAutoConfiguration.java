package dev.rollback.spring.boot.autoconfigure;

import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunListener;
import dev.rollback.core.TaskScheduler;
import dev.rollback.core.detect.DecisionPolicy;
import dev.rollback.core.detect.DefaultDetection;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.core.postmortem.PostmortemPublisher;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.DeploymentLock;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RunStore;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.VersionRegistry;
import dev.rollback.spring.boot.DetectionProperties;
import dev.rollback.spring.boot.DurabilityProperties;
import dev.rollback.spring.boot.JudgementListener;
import dev.rollback.spring.boot.MonitorLag;
import dev.rollback.spring.boot.PolicyProperties;
import dev.rollback.spring.boot.RollbackNotifiers;
import dev.rollback.spring.boot.RollbackProperties;
import dev.rollback.spring.boot.RunHistory;
import dev.rollback.spring.boot.internal.PropertyProblems;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link RollbackEngine} and the {@link DeploymentMonitor}, built from the SPI beans there are
 * (the application's own, or those the adapter auto-configurations made) and {@code rollback.*}.
 *
 * <p>The engine is defined when there is a {@link VersionRegistry}, a {@link ClusterDriver} and a
 * {@link SmokeTester}; its notifiers are the application's {@link Notifier} beans or else those of
 * {@code rollback.notify.*}. It takes every {@link RunListener} and {@link PostmortemPublisher}
 * bean, a {@link TaskScheduler} bean if there is one, and the {@link RunStore} and {@link
 * DeploymentLock} beans. The monitor is defined when there is also a {@link MetricsSource}; it
 * judges with the {@link Detector} bean, by default the library's default detection of the metrics
 * in {@code rollback.detection.*}. Watching a deployment is the application's call: {@link
 * DeploymentMonitor#watch}. {@code rollback.enabled=false} turns both off.
 */
@AutoConfiguration(after = {
    RollbackKubernetesAutoConfiguration.class,
    RollbackPrometheusAutoConfiguration.class,
    RollbackNotifyAutoConfiguration.class,
    RollbackSmokeHttpAutoConfiguration.class,
    RollbackMicrometerAutoConfiguration.class})
@ConditionalOnProperty(prefix = "rollback", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RollbackProperties.class)
public final class RollbackAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(RollbackAutoConfiguration.class);

  /** Creates the configuration; Spring Boot does. */
  public RollbackAutoConfiguration() {}

  /** Returns the run policy from {@code rollback.policy.*}. */
  @Bean
  @ConditionalOnMissingBean
  RollbackPolicy rollbackPolicy(RollbackProperties properties) {
    PolicyProperties p = properties.getPolicy();
    return PropertyProblems.under("rollback.policy").build(() -> {
      RollbackPolicy.Builder b = RollbackPolicy.builder();
      Duration overall = p.getOverallDeadline();
      if (overall != null) {
        b.overallDeadline(overall);
      }
      Duration step = p.getStepDeadline();
      if (step != null) {
        b.stepDeadline(step);
      }
      Integer attempts = p.getNotifierAttempts();
      if (attempts != null) {
        b.notifierAttempts(attempts);
      }
      Duration timeout = p.getNotificationTimeout();
      if (timeout != null) {
        b.notificationTimeout(timeout);
      }
      return b.build();
    });
  }

  /** Returns the history the Actuator endpoint reads; the engine reports to it. */
  @Bean
  @ConditionalOnMissingBean
  RunHistory rollbackRunHistory(RollbackProperties properties) {
    return PropertyProblems.under("rollback.endpoint", Map.of("capacity", "rollback.endpoint.recent-runs"))
        .build(() -> RunHistory.keeping(properties.getEndpoint().getRecentRuns()));
  }

  /** Returns the engine. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean({VersionRegistry.class, ClusterDriver.class, SmokeTester.class})
  RollbackEngine rollbackEngine(
      RollbackProperties properties,
      RollbackPolicy policy,
      VersionRegistry registry,
      ClusterDriver cluster,
      SmokeTester smokeTester,
      ObjectProvider<Notifier> notifiers,
      ObjectProvider<RollbackNotifiers> configuredNotifiers,
      ObjectProvider<RunListener> listeners,
      ObjectProvider<PostmortemPublisher> publishers,
      ObjectProvider<TaskScheduler> scheduler,
      ObjectProvider<RunStore> runStore,
      ObjectProvider<DeploymentLock> lock) {
    RollbackEngine.Builder b = RollbackEngine.builder()
        .policy(policy)
        .versionRegistry(registry)
        .clusterDriver(cluster)
        .smokeTester(smokeTester);
    List<Notifier> own = notifiers.orderedStream().toList();
    if (own.isEmpty()) {
      configuredNotifiers.ifAvailable(c -> c.notifiers().forEach(b::notifier));
    } else {
      own.forEach(b::notifier);
    }
    listeners.orderedStream().forEach(b::listener);
    publishers.orderedStream().forEach(b::postmortemPublisher);
    scheduler.ifAvailable(b::scheduler);
    DurabilityProperties durability = properties.getDurability();
    RunStore store = runStore.getIfAvailable();
    if (store != null) {
      b.runStore(store);
    } else if (durability.isEnabled()) {
      throw PropertyProblems.under("rollback.durability").problem("enabled",
          "needs a RunStore: set rollback.kubernetes.enabled=true (rollback-k8s) or define a RunStore bean",
          new IllegalStateException("no RunStore bean"));
    }
    lock.ifAvailable(b::deploymentLock);
    String holder = properties.getHolderId();
    Duration lease = durability.getLeaseDuration();
    Duration resume = durability.getResumeEvery();
    Map<String, String> named = Map.of(
        "leaseDuration", "rollback.durability.lease-duration",
        "resumeEvery", "rollback.durability.resume-every",
        "holderId", "rollback.holder-id",
        "", "rollback.notify");
    return PropertyProblems.under("rollback", named).build(() -> {
      if (holder != null) {
        b.holderId(holder);
      }
      if (lease != null) {
        b.leaseDuration(lease);
      }
      if (resume != null) {
        b.resumeEvery(resume);
      }
      return b.build();
    });
  }

  /** Returns the tracker of the monitor's last judgement, which the health indicator reads. */
  @Bean
  @ConditionalOnMissingBean
  MonitorLag rollbackMonitorLag() {
    return MonitorLag.on(Clock.systemUTC());
  }

  /** Returns the detector: the library's default detection of {@code rollback.detection.*}'s metrics. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(MetricsSource.class)
  Detector rollbackDetector(RollbackProperties properties) {
    DetectionProperties p = properties.getDetection();
    Map<String, String> named = Map.of("", "rollback.detection.error-ratio-metrics");
    return PropertyProblems.under("rollback.detection", named).build(() -> {
      DefaultDetection.Builder b = DefaultDetection.builder();
      p.getErrorRatioMetrics().forEach(b::errorRatio);
      p.getLatencyMetrics().forEach(b::latency);
      Duration step = p.getStep();
      if (step != null) {
        b.step(step);
      }
      Duration baseline = p.getBaseline();
      if (baseline != null) {
        b.baseline(baseline);
      }
      return b.build();
    });
  }

  /** Returns the decision policy from {@code rollback.detection.*}. */
  @Bean
  @ConditionalOnMissingBean
  DecisionPolicy rollbackDecisionPolicy(RollbackProperties properties) {
    DetectionProperties p = properties.getDetection();
    PropertyProblems problems = PropertyProblems.under("rollback.detection");
    return problems.build(() -> {
      DecisionPolicy.Builder b = DecisionPolicy.builder();
      Integer samples = p.getMinimumSamples();
      if (samples != null) {
        b.minimumSamples(samples);
      }
      String noData = p.getNoData();
      if (noData != null) {
        try {
          b.noData(DecisionPolicy.NoDataAction.valueOf(noData.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw problems.problem("no-data", "must be WAIT, PAGE or ROLLBACK but was '" + noData + "'", e);
        }
      }
      Duration grace = p.getNoDataGrace();
      if (grace != null) {
        b.noDataGrace(grace);
      }
      Duration cooldown = p.getCooldown();
      if (cooldown != null) {
        b.cooldown(cooldown);
      }
      Duration pingPong = p.getPingPongWindow();
      if (pingPong != null) {
        b.pingPongWindow(pingPong);
      }
      return b.build();
    });
  }

  /** Returns the monitor; every {@link JudgementListener} bean hears its judgements. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean({RollbackEngine.class, MetricsSource.class})
  DeploymentMonitor rollbackDeploymentMonitor(
      RollbackProperties properties,
      RollbackEngine engine,
      MetricsSource metrics,
      Detector detector,
      DecisionPolicy policy,
      ObjectProvider<JudgementListener> judgementListeners) {
    List<JudgementListener> listeners = judgementListeners.orderedStream().toList();
    DeploymentMonitor.Builder b = DeploymentMonitor.builder()
        .engine(engine)
        .metrics(metrics)
        .detector(detector)
        .policy(policy)
        .onJudgement(judgement -> {
          // One listener that throws must not keep the judgement from the others.
          for (JudgementListener listener : listeners) {
            try {
              listener.accept(judgement);
            } catch (RuntimeException e) {
              LOG.warn("judgement listener {} threw; the other listeners still hear the judgement", listener, e);
            }
          }
        });
    Duration interval = properties.getDetection().getInterval();
    return PropertyProblems.under("rollback.detection").build(() -> {
      if (interval != null) {
        b.interval(interval);
      }
      return b.build();
    });
  }
}
