package dev.rollback.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RunEvent;
import dev.rollback.core.RunResult;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.core.detect.SloThresholdDetector;
import dev.rollback.testkit.InMemoryMetricsSource;
import dev.rollback.testkit.TestRig;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The names a dashboard queries, in the Prometheus text format, after a monitor found a regression
 * and its run rolled back: the binding's meters side by side with the timers that a meter handler
 * derives from its observations, as in a Spring Boot application.
 */
class PrometheusScrapeTest {
  static final Duration STEP = Duration.ofSeconds(30);

  @Test
  void aDetectedRollbackScrapesUnderTheDocumentedNames() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(prometheus));
    RollbackObservability observability = RollbackObservability.builder()
        .meterRegistry(prometheus).observationRegistry(observations).build();
    List<RunResult> finished = new ArrayList<>();
    TestRig rig = TestRig.create().listener(observability.runListener()).listener(e -> {
      if (e instanceof RunEvent.RunFinished f) {
        finished.add(f.result());
      }
    });
    InMemoryMetricsSource metrics = InMemoryMetricsSource.create();
    Instant deployedAt = rig.time().now();
    for (int i = 1; i <= 20; i++) {
      metrics.record("error_ratio", deployedAt.plus(STEP.multipliedBy(i)), i <= 4 ? 0.002 : 0.05);
    }
    DeploymentMonitor monitor = DeploymentMonitor.builder().engine(rig.engine()).metrics(metrics)
        .detector(SloThresholdDetector.above("error_ratio", 0.01, 3, STEP)).interval(STEP)
        .onJudgement(observability.judgementListener()).build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofMinutes(5));
    String scrape = prometheus.scrape();

    assertEquals(1, finished.size());
    assertEquals(1.0, sample(scrape, "rollback_runs_started_total", "trigger=\"DETECTED\""));
    assertEquals(1.0, sample(scrape, "rollback_runs_ended_total", "outcome=\"ROLLED_BACK\""));
    assertEquals(0.0, sample(scrape, "rollback_runs_active"));
    assertEquals(1.0, sample(scrape, "rollback_run_duration_seconds_count", "outcome=\"ROLLED_BACK\""));
    assertEquals(20.0, sample(scrape, "rollback_run_duration_seconds_sum", "outcome=\"ROLLED_BACK\""));
    assertEquals(1.0, sample(scrape, "rollback_step_duration_seconds_count",
        "lane=\"KUBERNETES\"", "node=\"WAIT_READY\"", "result=\"DONE\""));
    assertEquals(20.0, sample(scrape, "rollback_step_duration_seconds_sum", "node=\"WAIT_READY\""));
    assertEquals(60.0, sample(scrape, "rollback_detection_latency_seconds_sum", "detector=\"slo-threshold\""));
    assertEquals(20.0, sample(scrape, "rollback_traffic_restore_latency_seconds_sum", "detector=\"slo-threshold\""),
        "the run started on the finding; traffic went back 20 s later");
    assertEquals(1.0, sample(scrape, "rollback_notification_attempts_total",
        "audience=\"ON_CALL\"", "kind=\"RUN_FINISHED\"", "notifier=\"pager\""));
    assertEquals(1.0, sample(scrape, "rollback_monitor_judgements_seconds_count",
        "decision=\"ROLLBACK\"", "detector=\"slo-threshold\"", "verdict=\"ANOMALOUS\""));
    assertEquals(7.0, sample(scrape, "rollback_monitor_judgements_seconds_count", "decision=\"CONTINUE\""));
    // the timers a meter handler derives from the observations, beside the binding's own
    assertEquals(1.0, sample(scrape, "rollback_run_seconds_count", "outcome=\"ROLLED_BACK\"", "trigger=\"DETECTED\""));
    assertEquals(1.0, sample(scrape, "rollback_step_seconds_count", "node=\"UPDATE_SELECTOR\"", "result=\"DONE\""));
    String runId = finished.get(0).runId().value();
    assertFalse(scrape.contains(runId), "no run id in any label");
    assertFalse(scrape.contains("v2\""), "no version in any label");
  }

  /**
   * Returns the value of the one sample of {@code name} whose labels include {@code labels}, or
   * the sum over several; fails when there is none.
   */
  private static double sample(String scrape, String name, String... labels) {
    List<String> lines = scrape.lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> Arrays.stream(labels).allMatch(l::contains))
        .toList();
    assertTrue(!lines.isEmpty(), () -> "no sample " + name + Arrays.toString(labels) + " in\n" + scrape);
    return lines.stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
