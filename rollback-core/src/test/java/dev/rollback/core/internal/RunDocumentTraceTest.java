package dev.rollback.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rollback.core.Evidence;
import dev.rollback.core.Finding;
import dev.rollback.core.MetricTrace;
import dev.rollback.core.Trigger;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RunId;
import dev.rollback.spi.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 17: the samples a detection used survive the run store, so a resumed run can still chart them. */
class RunDocumentTraceTest {
  private static final Instant RELEASE = Instant.parse("2026-11-27T07:00:00Z");

  private static RunState run(Trigger trigger) {
    return new RunState(RunId.of("rb-1"), DeploymentRef.of("prod", "shop", "checkout"), trigger, RELEASE,
        RELEASE.plusSeconds(3600), RELEASE.plusSeconds(1800));
  }

  private static Trigger roundTrip(Trigger trigger) {
    return RunDocument.read(RunDocument.write(run(trigger), null, RELEASE)).state().trigger;
  }

  @Test
  void aTraceWithBaselineLimitAndOddValuesIsReadBackEqual() {
    List<Sample> baseline = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      baseline.add(new Sample(RELEASE.minusSeconds(60L * (60 - i)), 0.001 + i * 1e-7));
    }
    List<Sample> since = List.of(new Sample(RELEASE, 0.1 / 3), new Sample(RELEASE.plusSeconds(60), Double.POSITIVE_INFINITY),
        new Sample(RELEASE.plusSeconds(120).plusNanos(5_000_000), -0.0));
    MetricTrace trace = MetricTrace.of(RELEASE.minusSeconds(3600), RELEASE, RELEASE.plusSeconds(120), baseline, since,
        0.01);
    Trigger trigger = Trigger.detected(new Finding("slo-threshold", "error_ratio above 0.01",
        List.of(new Evidence("error_ratio", "error_ratio > 0.01", 0.05, 0.01, "too many errors", trace),
            new Evidence("latency", "latency rose", 2, 1, "slower")),
        RELEASE, RELEASE.plusSeconds(120)));
    Trigger read = roundTrip(trigger);
    assertEquals(trigger, read);
    Evidence first = ((Trigger.Detected) read).finding().evidence().get(0);
    assertEquals(63, first.trace().samples().size());
    assertNull(((Trigger.Detected) read).finding().evidence().get(1).trace());
  }

  @Test
  void aThinnedTraceKeepsItsStride() {
    List<Sample> since = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      since.add(new Sample(RELEASE.plusSeconds(i), i));
    }
    MetricTrace trace = MetricTrace.of(null, RELEASE, RELEASE.plusSeconds(2499), List.of(), since, null);
    Trigger trigger = Trigger.detected(new Finding("x", "y", List.of(new Evidence("m", "r", 1, 0, "e", trace)),
        RELEASE, RELEASE.plusSeconds(2499)));
    assertEquals(trigger, roundTrip(trigger));
  }
}
