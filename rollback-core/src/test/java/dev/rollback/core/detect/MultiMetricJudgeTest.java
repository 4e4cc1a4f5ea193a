package dev.rollback.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiMetricJudgeTest {
  static final Instant NOW = FixedContext.DEPLOYED.plusSeconds(600);
  final FixedContext context = new FixedContext().at(NOW);

  static Detector fixed(Verdict verdict) {
    return new Detector() {
      @Override
      public String name() {
        return "fixed";
      }

      @Override
      public Verdict judge(DetectionContext c) {
        return verdict;
      }
    };
  }

  static Detector healthy() {
    return fixed(new Verdict.Healthy("fine"));
  }

  static Detector failing(String metric, String why, int minutesAgo) {
    Instant start = NOW.minusSeconds(60L * minutesAgo);
    return fixed(new Verdict.Anomalous(new Finding("cusum", why,
        List.of(new Evidence(metric, "rule", 2, 1, why)), start, NOW)));
  }

  @Test
  void theScoreIsTheWeightedShareOfPassingMetrics() throws InterruptedException {
    MultiMetricJudge judge = MultiMetricJudge.builder()
        .metric("errors", failing("error_ratio", "error_ratio rose 4x", 3), 1, false)
        .metric("latency", healthy(), 3, false)
        .build();
    // 3 of 4 weight passes: 75, exactly the pass score
    assertInstanceOf(Verdict.Healthy.class, judge.judge(context));
    MultiMetricJudge heavierErrors = MultiMetricJudge.builder()
        .metric("errors", failing("error_ratio", "error_ratio rose 4x", 3), 2, false)
        .metric("latency", healthy(), 3, false)
        .build();
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, heavierErrors.judge(context));
    assertEquals("1 of 2 judged metrics failed (score 60 of 100, needs 75): error_ratio rose 4x",
        a.finding().summary());
    assertEquals(NOW.minusSeconds(180), a.finding().anomalyStart());
  }

  /** Regression (issue 12): a sub-detector answering null was skipped, and the others judged without it. */
  @Test
  void aSubDetectorAnsweringNullIsReportedNotSkipped() {
    MultiMetricJudge judge = MultiMetricJudge.builder()
        .metric("errors", fixed(null), 1, false)
        .metric("latency", healthy(), 3, false)
        .build();
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> judge.judge(context));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("the detector of metric 'errors' ("),
        e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().endsWith(") answered null instead of a verdict"),
        e.getMessage());
  }

  @Test
  void aFailingCriticalMetricFailsWhateverTheScore() throws InterruptedException {
    MultiMetricJudge judge = MultiMetricJudge.builder()
        .critical("errors", failing("error_ratio", "error_ratio rose 4x", 3))
        .metric("latency", healthy(), 100, false)
        .metric("saturation", failing("cpu", "cpu rose 20%", 8), 1, false)
        .build();
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, judge.judge(context));
    assertTrue(a.critical());
    assertEquals("2 of 3 judged metrics failed (score 98 of 100, needs 75, a critical metric failed): critical metric"
        + " error_ratio rose 4x; cpu rose 20%", a.finding().summary());
    assertEquals(List.of("error_ratio", "cpu"), a.finding().evidence().stream().map(Evidence::metric).toList());
    assertEquals(NOW.minusSeconds(480), a.finding().anomalyStart(), "the earliest start among failed metrics");
  }

  @Test
  void metricsWithoutDataAreLeftOutOfTheScore() throws InterruptedException {
    MultiMetricJudge judge = MultiMetricJudge.builder()
        .metric("errors", fixed(new Verdict.NoData("error_ratio", "no samples")), 1, false)
        .metric("latency", fixed(new Verdict.Insufficient("2 of 3 samples")), 1, false)
        .build();
    assertInstanceOf(Verdict.NoData.class, judge.judge(context));
    MultiMetricJudge oneJudged = MultiMetricJudge.builder()
        .metric("errors", fixed(new Verdict.NoData("error_ratio", "no samples")), 1, false)
        .metric("latency", failing("latency", "latency rose 50%", 1), 1, false)
        .build();
    assertInstanceOf(Verdict.Anomalous.class, oneJudged.judge(context));
  }

  @Test
  void buildListsEveryBadSetting() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> MultiMetricJudge.builder().metric("a", healthy(), 0, false).passScore(0).build());
    assertEquals(List.of("metrics[0] (a).weight must be a finite number > 0 but was 0.0",
        "passScore must be in (0, 100] but was 0.0"), e.problems());
  }
}
