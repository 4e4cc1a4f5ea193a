package dev.rollback.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.detect.DetectionContext;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.Verdict;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.Sample;
import dev.rollback.spi.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DayBeforeBaselineTest {
  private static final Instant DEPLOYED = SyntheticSeries.DEPLOYED;
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** A detector that keeps what it was given for one window. */
  private static final class Recorder implements Detector {
    private final TimeWindow window;
    MetricSeries seen = new MetricSeries("m", List.of());

    Recorder(TimeWindow window) {
      this.window = window;
    }

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public Verdict judge(DetectionContext context) throws InterruptedException {
      seen = context.fetch("m", window);
      return new Verdict.Healthy("seen " + seen.samples().size());
    }
  }

  /** A sample a minute from 26 h before the deployment to 2 h after it, each valued its minute from the deployment. */
  private static SeriesContext minutes() {
    List<Sample> samples = new ArrayList<>();
    for (int t = -26 * 60; t < 120; t++) {
      samples.add(new Sample(DEPLOYED.plus(MINUTE.multipliedBy(t)), t));
    }
    SeriesContext context = new SeriesContext(Map.of("m", samples));
    context.at(DEPLOYED.plus(Duration.ofMinutes(30)));
    return context;
  }

  @Test
  void theBaselineIsTheSameClockWindowADayBeforeAndTheWatchIsUnchanged() throws InterruptedException {
    Recorder recorder = new Recorder(new TimeWindow(DEPLOYED.minus(Duration.ofHours(2)), DEPLOYED.plus(Duration.ofMinutes(30)), MINUTE));
    Verdict verdict = new DayBeforeBaseline(recorder, Duration.ofDays(1), Duration.ofHours(2)).judge(minutes());

    assertInstanceOf(Verdict.Healthy.class, verdict);
    List<Sample> seen = recorder.seen.samples();
    assertEquals(120 + 31, seen.size(), "2 h before and the 31 minutes from the deployment to now");
    for (int i = 0; i < 120; i++) {
      // asked for minute -120 + i: given the value of minute -1440 + i, at the time asked for
      assertEquals(DEPLOYED.plus(MINUTE.multipliedBy(-120 + i)), seen.get(i).at());
      assertEquals(-1440 + i, seen.get(i).value(), 0);
    }
    for (int i = 0; i <= 30; i++) {
      assertEquals(DEPLOYED.plus(MINUTE.multipliedBy(i)), seen.get(120 + i).at());
      assertEquals(i, seen.get(120 + i).value(), 0);
    }
  }

  @Test
  void levelAdjustedScalesTheDayBeforeByTodaysLevelOverThatDays() throws InterruptedException {
    // 1 until 2 h before the deployment, 3 from then on: today's 2 h before the deployment are at 3,
    // the day before's at 1, so the day-before baseline (at 1) is read at 3
    List<Sample> samples = new ArrayList<>();
    for (int t = -26 * 60; t < 120; t++) {
      samples.add(new Sample(DEPLOYED.plus(MINUTE.multipliedBy(t)), t >= -120 ? 3 : 1));
    }
    SeriesContext context = new SeriesContext(Map.of("m", samples));
    context.at(DEPLOYED.plus(Duration.ofMinutes(30)));
    TimeWindow window = new TimeWindow(DEPLOYED.minus(Duration.ofHours(2)), DEPLOYED.plus(Duration.ofMinutes(30)), MINUTE);

    Recorder plain = new Recorder(window);
    new DayBeforeBaseline(plain, Duration.ofDays(1), Duration.ofHours(2)).judge(context);
    Recorder adjusted = new Recorder(window);
    new DayBeforeBaseline(adjusted, Duration.ofDays(1), Duration.ofHours(2)).levelAdjusted().judge(context);

    assertEquals(1, plain.seen.samples().get(0).value(), 0);
    assertEquals(1, plain.seen.samples().get(119).value(), 0);
    assertEquals(3, adjusted.seen.samples().get(0).value(), 1e-12);
    assertEquals(3, adjusted.seen.samples().get(119).value(), 1e-12);
    assertEquals(3, adjusted.seen.samples().get(120).value(), 0, "the watch is not scaled");
    assertEquals(151, adjusted.seen.samples().size());
  }

  @Test
  void aWindowAfterTheDeploymentIsFetchedAsItIs() throws InterruptedException {
    Recorder recorder = new Recorder(new TimeWindow(DEPLOYED.plus(MINUTE.multipliedBy(5)), DEPLOYED.plus(Duration.ofMinutes(30)), MINUTE));
    new DayBeforeBaseline(recorder, Duration.ofDays(1), Duration.ofHours(2)).judge(minutes());

    List<Sample> seen = recorder.seen.samples();
    assertEquals(26, seen.size());
    assertEquals(5, seen.get(0).value(), 0);
    assertEquals(30, seen.get(25).value(), 0);
  }

  @Test
  void aBaselineAsLongAsThePeriodIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DayBeforeBaseline(new Recorder(new TimeWindow(DEPLOYED, DEPLOYED, MINUTE)), Duration.ofDays(1),
            Duration.ofDays(1)));
    assertTrue(e.getMessage().startsWith("baseline must be shorter than period"), e.getMessage());
  }
}
