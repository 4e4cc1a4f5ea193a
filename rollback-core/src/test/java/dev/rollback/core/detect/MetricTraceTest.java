package dev.rollback.core.detect;

import static dev.rollback.core.detect.FixedContext.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.MetricTrace;
import dev.rollback.spi.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Issue 17: the evidence keeps the samples its judgement used, within {@link MetricTrace#MAX_SAMPLES}. */
class MetricTraceTest {
  private static final Instant T0 = Instant.parse("2026-11-27T06:00:00Z");

  private static List<Sample> samples(int from, int count) {
    List<Sample> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(new Sample(T0.plusSeconds(i), i));
    }
    return out;
  }

  @Test
  void aShortSeriesIsKeptWhole() {
    MetricTrace t = MetricTrace.of(T0, T0.plusSeconds(10), T0.plusSeconds(20), samples(0, 10), samples(10, 11), 3.0);
    assertEquals(21, t.samples().size());
    assertEquals(1, t.stride());
    assertEquals(10, t.baseline().size());
    assertEquals(11, t.sinceRelease().size());
    assertEquals(3.0, t.alarmLimit());
  }

  @Test
  void aLongSeriesIsThinnedToTheBoundKeepingTheNewestSample() {
    MetricTrace t = MetricTrace.of(T0, T0.plusSeconds(1500), T0.plusSeconds(2500), samples(0, 1500),
        samples(1500, 1001), null);
    assertEquals(3, t.stride(), "2501 samples need a stride of 3 to fit 1000");
    assertTrue(t.samples().size() <= MetricTrace.MAX_SAMPLES, "size " + t.samples().size());
    assertEquals(834, t.samples().size());
    assertEquals(2500, t.samples().get(t.samples().size() - 1).value(), "the newest sample is kept");
    assertEquals(2497, t.samples().get(t.samples().size() - 2).value());
    assertEquals(1, t.samples().get(0).value());
  }

  @Test
  void exactlyTheBoundIsKeptWhole() {
    MetricTrace t = MetricTrace.of(null, T0, T0.plusSeconds(999), List.of(), samples(0, MetricTrace.MAX_SAMPLES), null);
    assertEquals(MetricTrace.MAX_SAMPLES, t.samples().size());
    assertEquals(1, t.stride());
  }

  @Test
  void noSamplesGiveAnEmptyTrace() {
    assertTrue(MetricTrace.of(null, T0, T0, List.of(), List.of(), null).samples().isEmpty());
  }

  @Test
  void badFieldsAreNamedAllAtOnce() {
    List<Sample> unordered = List.of(new Sample(T0.plusSeconds(2), 1), new Sample(T0.plusSeconds(1), 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MetricTrace(T0.plusSeconds(5), T0, T0, unordered, 0, Double.POSITIVE_INFINITY));
    String m = Objects.requireNonNull(e.getMessage());
    assertTrue(m.contains("MetricTrace.baselineFrom"), m);
    assertTrue(m.contains("MetricTrace.samples must be in strictly increasing time order"), m);
    assertTrue(m.contains("MetricTrace.stride must be >= 1 but was 0"), m);
    assertTrue(m.contains("MetricTrace.alarmLimit must be a finite number but was Infinity"), m);
    IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
        () -> new MetricTrace(null, T0, T0, samples(0, MetricTrace.MAX_SAMPLES + 1), 1, null));
    assertTrue(String.valueOf(tooMany.getMessage()).contains("at most 1000 samples but held 1001"));
  }

  @Test
  void theSloThresholdDetectorKeepsTheSamplesSinceTheReleaseAndItsLimit() throws InterruptedException {
    SloThresholdDetector slo = SloThresholdDetector.above("error_ratio", 0.01, 3, FixedContext.STEP);
    FixedContext context = new FixedContext().metric("error_ratio", new double[] {0.001, 0.002},
        new double[] {0.002, 0.05, 0.06, 0.07});
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, slo.judge(context));
    MetricTrace trace = Objects.requireNonNull(a.finding().evidence().get(0).trace());
    assertNull(trace.baselineFrom(), "the SLO detector has no baseline");
    assertEquals(FixedContext.DEPLOYED, trace.releasedAt());
    assertEquals(List.of(0.002, 0.05, 0.06, 0.07), trace.samples().stream().map(Sample::value).toList());
    assertEquals(0.01, trace.alarmLimit());
  }

  @Test
  void theCusumDetectorKeepsBothWindows() throws InterruptedException {
    CusumDetector cusum = CusumDetector.builder("latency").minimumSamples(1).build();
    double[] baseline = repeat(new double[] {9, 11}, 30);
    double[] step = {14, 14, 14};
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class,
        cusum.judge(new FixedContext().metric("latency", baseline, step)));
    MetricTrace trace = Objects.requireNonNull(a.finding().evidence().get(0).trace());
    assertEquals(FixedContext.DEPLOYED.minus(Duration.ofHours(1)), trace.baselineFrom());
    assertEquals(60, trace.baseline().size());
    assertEquals(3, trace.sinceRelease().size());
    assertNull(trace.alarmLimit(), "a CUSUM's limit is not a value of the metric");
  }

  @Test
  void aMultiMetricJudgeKeepsTheTracesOfItsFailedMetrics() throws InterruptedException {
    MultiMetricJudge judge = MultiMetricJudge.builder()
        .critical("errors", SloThresholdDetector.above("error_ratio", 0.01, 2, FixedContext.STEP)).build();
    FixedContext context = new FixedContext().metric("error_ratio", new double[0], new double[] {0.05, 0.06});
    Verdict.Anomalous a = assertInstanceOf(Verdict.Anomalous.class, judge.judge(context));
    assertEquals(2, Objects.requireNonNull(a.finding().evidence().get(0).trace()).samples().size());
  }
}
