package dev.rollback.examples;

import dev.rollback.core.Trigger;
import dev.rollback.core.detect.CusumDetector;
import dev.rollback.core.detect.DetectionContext;
import dev.rollback.core.detect.MultiMetricJudge;
import dev.rollback.core.detect.SloThresholdDetector;
import dev.rollback.core.detect.Verdict;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import dev.rollback.testkit.TestRig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The demo's detection: v2 was released at {@link #RELEASED_AT}; twenty minutes later its error
 * ratio and latency rose. The library's own detectors judge the two series once, at {@link
 * #JUDGED_AT} (a minute before the demo's virtual clock starts), and their finding, with the
 * samples they judged, starts the run: the postmortem's charts draw them. The series are fixed,
 * so every run of the demo judges alike.
 */
final class DemoDetection {
  /** When v2 was released: the end of the baseline. */
  static final Instant RELEASED_AT = Instant.parse("2025-12-31T23:30:00Z");
  /** When the error ratio and the latency rose. */
  static final Instant REGRESSED_AT = RELEASED_AT.plus(Duration.ofMinutes(20));
  /** When the detectors judged. */
  static final Instant JUDGED_AT = Instant.parse("2025-12-31T23:59:00Z");
  private static final Duration STEP = Duration.ofMinutes(1);
  private static final Duration BASELINE = Duration.ofHours(1);

  private DemoDetection() {}

  /** Returns the trigger: the finding of an SLO threshold on the error ratio and a CUSUM chart of the latency. */
  static Trigger trigger() {
    MultiMetricJudge judge = MultiMetricJudge.builder()
        .name("demo-detection")
        .critical("error_ratio", SloThresholdDetector.above("error_ratio", 0.02, 3, STEP))
        .critical("latency_seconds", CusumDetector.builder("latency_seconds").minimumRelativeChange(0.25).build())
        .build();
    Verdict verdict;
    try {
      verdict = judge.judge(new Series());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while judging fixed series", e);
    }
    if (!(verdict instanceof Verdict.Anomalous anomalous)) {
      throw new IllegalStateException("the demo's series must be anomalous, but the detectors said " + verdict);
    }
    return Trigger.detected(anomalous.finding());
  }

  /** Returns the value of {@code metric} at minute {@code i} counted from the baseline's start. */
  static double value(String metric, int i, Instant at) {
    // A fixed wobble, so that the baseline has a spread without a random generator.
    double wobble = Math.sin(i * 1.7) * 0.5 + Math.sin(i * 0.45) * 0.5;
    boolean bad = !at.isBefore(REGRESSED_AT);
    if (metric.equals("error_ratio")) {
      return bad ? 0.045 + 0.006 * wobble : 0.004 + 0.0012 * wobble;
    }
    return bad ? 0.31 + 0.02 * wobble : 0.12 + 0.008 * wobble;
  }

  /** The two series, from an hour before the release to the judgement, one sample a minute. */
  private static final class Series implements DetectionContext {
    @Override
    public DeploymentRef deployment() {
      return TestRig.CHECKOUT;
    }

    @Override
    public @Nullable String versionId() {
      return TestRig.V2.id();
    }

    @Override
    public Instant deployedAt() {
      return RELEASED_AT;
    }

    @Override
    public Instant now() {
      return JUDGED_AT;
    }

    @Override
    public MetricSeries fetch(String metric, TimeWindow window) {
      List<Sample> samples = new ArrayList<>();
      Instant start = RELEASED_AT.minus(BASELINE);
      for (int i = 0; !start.plus(STEP.multipliedBy(i)).isAfter(JUDGED_AT); i++) {
        Instant at = start.plus(STEP.multipliedBy(i));
        if (!at.isBefore(window.from()) && !at.isAfter(window.to())) {
          samples.add(new Sample(at, value(metric, i, at)));
        }
      }
      return new MetricSeries(metric, samples);
    }
  }
}
