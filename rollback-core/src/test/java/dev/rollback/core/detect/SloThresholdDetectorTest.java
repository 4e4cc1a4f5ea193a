package dev.rollback.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Finding;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SloThresholdDetectorTest {
  static final Instant DEPLOYED = Instant.parse("2026-11-27T07:00:00Z");
  static final Duration STEP = Duration.ofMinutes(1);

  record Fixed(List<Sample> samples, Instant now) implements DetectionContext {
    @Override
    public DeploymentRef deployment() {
      return DeploymentRef.of("prod", "shop", "checkout");
    }

    @Override
    public @Nullable String versionId() {
      return "v2";
    }

    @Override
    public Instant deployedAt() {
      return DEPLOYED;
    }

    @Override
    public MetricSeries fetch(String metric, TimeWindow window) {
      return new MetricSeries(metric, samples.stream()
          .filter(s -> !s.at().isBefore(window.from()) && !s.at().isAfter(window.to())).toList());
    }
  }

  static Fixed series(double... values) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      samples.add(new Sample(DEPLOYED.plus(STEP.multipliedBy(i + 1)), values[i]));
    }
    return new Fixed(samples, DEPLOYED.plus(STEP.multipliedBy(values.length)));
  }

  final SloThresholdDetector detector = SloThresholdDetector.above("error_ratio", 0.01, 3, STEP);

  @Test
  void firesAfterNConsecutiveBreachesAndDatesTheAnomalyFromTheFirst() throws InterruptedException {
    Verdict verdict = detector.judge(series(0.002, 0.02, 0.03, 0.04, 0.05));
    Finding finding = assertInstanceOf(Verdict.Anomalous.class, verdict).finding();
    assertEquals(DEPLOYED.plus(STEP.multipliedBy(2)), finding.anomalyStart());
    assertEquals(DEPLOYED.plus(STEP.multipliedBy(5)), finding.detectedAt());
    assertEquals(0.05, finding.evidence().get(0).observed());
    assertEquals(0.01, finding.evidence().get(0).expected());
    assertEquals("error_ratio > 0.01 for 3 consecutive samples", finding.evidence().get(0).rule());
    assertTrue(finding.summary().contains("above the limit 0.01 for the last 4 samples"), finding.summary());
  }

  @Test
  void anInterruptedRunOfBreachesDoesNotFire() throws InterruptedException {
    assertInstanceOf(Verdict.Healthy.class, detector.judge(series(0.02, 0.03, 0.001, 0.04, 0.05)));
  }

  @Test
  void nanSamplesAreDroppedAndTooFewSamplesAreInsufficient() throws InterruptedException {
    assertInstanceOf(Verdict.Insufficient.class, detector.judge(series(0.02, Double.NaN, 0.03)));
    assertInstanceOf(Verdict.Anomalous.class, detector.judge(series(0.02, Double.NaN, 0.03, 0.04)));
  }

  @Test
  void belowBoundFiresOnLowValues() throws InterruptedException {
    SloThresholdDetector success = new SloThresholdDetector("success_rate", SloThresholdDetector.Bound.BELOW, 0.99, 2, STEP);
    assertInstanceOf(Verdict.Anomalous.class, success.judge(series(0.999, 0.95, 0.94)));
    assertInstanceOf(Verdict.Healthy.class, success.judge(series(0.95, 0.999, 0.995)));
  }

  @Test
  void refusesBadSettingsListingEveryProblem() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> SloThresholdDetector.above(" ", Double.NaN, 0, Duration.ZERO));
    assertEquals("SloThresholdDetector is invalid: metric must not be blank; limit must be a finite"
        + " number but was NaN; consecutive must be >= 1 but was 0;"
        + " step must be positive but was PT0S", e.getMessage());
  }
}
