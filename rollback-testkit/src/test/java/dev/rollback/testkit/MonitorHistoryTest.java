package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.detect.Decision;
import dev.rollback.core.detect.DefaultDetection;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.Judgement;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a detector with a day of history gets that day through the monitor, as far as the
 * monitor's {@code maxBaseline} reaches, and its finding says how much of it it used.
 */
class MonitorHistoryTest {
  static final Duration STEP = Duration.ofMinutes(1);
  static final double[] BEFORE = {0, 0.005, 0.01, 0.005};
  static final double[] AFTER = {0.005, 0.01, 0.02, 0.01};

  final TestRig rig = TestRig.create();
  final Instant deployedAt = rig.time().now();
  final InMemoryMetricsSource store = InMemoryMetricsSource.create();
  final List<Decision> decisions = Collections.synchronizedList(new ArrayList<>());
  final List<Judgement> judgements = Collections.synchronizedList(new ArrayList<>());
  final List<TimeWindow> asked = Collections.synchronizedList(new ArrayList<>());
  final MetricsSource metrics = (MetricQuery query, TimeWindow window) -> {
    asked.add(window);
    return store.fetch(query, window);
  };
  /** The default detection: a day of history before its 2 h baseline. */
  final Detector detector = DefaultDetection.builder().errorRatio("error_ratio").build();

  /** Records 26 h of an error ratio of mean 0.005 before the release and a doubling after it, one sample a minute. */
  void metrics() {
    int i = 0;
    for (Instant t = deployedAt.minus(Duration.ofHours(26)); t.isBefore(deployedAt.plusSeconds(3600)); t = t.plus(STEP)) {
      double[] pattern = t.isBefore(deployedAt) ? BEFORE : AFTER;
      store.record("error_ratio", t, pattern[i++ % pattern.length]);
    }
  }

  String findingAfterAnHour(DeploymentMonitor.Builder builder) {
    metrics();
    DeploymentMonitor monitor = builder.engine(rig.engine()).metrics(metrics).detector(detector).interval(STEP)
        .onDecision(decisions::add).onJudgement(judgements::add).build();
    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofHours(1));
    Decision rollback = decisions.stream().filter(d -> d instanceof Decision.Rollback).findFirst()
        .orElseThrow(() -> new AssertionError("no rollback: " + decisions));
    return assertInstanceOf(Decision.Rollback.class, rollback).finding().summary();
  }

  @Test
  void theDefaultMaxBaselineGivesTheDefaultDetectionTheWholeDay() {
    String summary = findingAfterAnHour(DeploymentMonitor.builder());
    assertTrue(summary.contains("over the 1440 min before the baseline (1440 usable samples)"), summary);
  }

  @Test
  void aMaxBaselineOfADayCutsTheHistoryAndTheFindingShowsIt() {
    String summary = findingAfterAnHour(DeploymentMonitor.builder().maxBaseline(Duration.ofDays(1)));
    // 1 day before the release, less the 2 h baseline: 22 h of the 24
    assertTrue(summary.contains("over the 1440 min before the baseline (1320 usable samples)"), summary);
    assertEquals(1, decisions.stream().filter(d -> d instanceof Decision.Rollback).count(), decisions.toString());
  }

  @Test
  void theChartsOfOneJudgementThatAskForTheSameWindowShareOneQuery() {
    findingAfterAnHour(DeploymentMonitor.builder());
    // the two error tests since the deployment, each asking for the baseline and the watch and, once 3 samples
    // came, for the history (the whole watch asks for nothing before its end): each judgement asks the source
    // for each window once, not once a chart
    long histories = asked.stream().filter(w -> !w.to().isAfter(deployedAt.minus(Duration.ofHours(2)))).count();
    assertEquals(judgements.size(), asked.size() - histories, "one query for the baseline and the watch a judgement");
    assertEquals(judgements.size() - 2, histories, "the history too, but in the first two (1 and 2 samples)");
  }
}
