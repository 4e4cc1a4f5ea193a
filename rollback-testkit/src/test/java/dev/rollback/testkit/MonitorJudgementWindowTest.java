package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.DetectionContext;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.Judgement;
import dev.rollback.core.detect.MannWhitneyDetector;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.core.detect.Verdict;
import dev.rollback.spi.MetricQuery;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.MetricsSource;
import dev.rollback.spi.TimeWindow;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the judgement window is bounded. A release is judged for its judgement window and no
 * longer, a detector sees at most the baseline plus that window, and no query asks the metrics
 * source for more points than it serves.
 */
class MonitorJudgementWindowTest {
  static final Duration STEP = Duration.ofSeconds(10);
  static final Duration BASELINE = Duration.ofHours(1);

  final TestRig rig = TestRig.create();
  final Instant deployedAt = rig.time().now();
  final InMemoryMetricsSource store = InMemoryMetricsSource.create();
  /** Every window the monitor asked the source for. */
  final List<TimeWindow> asked = Collections.synchronizedList(new ArrayList<>());
  final MetricsSource metrics = (MetricQuery query, TimeWindow window) -> {
    asked.add(window);
    return store.fetch(query, window);
  };
  final List<Judgement> judgements = Collections.synchronizedList(new ArrayList<>());

  /** Records a healthy error ratio, the same before and after the release, from the baseline on for {@code after}. */
  void healthyMetrics(Duration after) {
    Instant end = deployedAt.plus(after);
    int i = 0;
    for (Instant t = deployedAt.minus(BASELINE); !t.isAfter(end); t = t.plus(STEP), i++) {
      store.record("error_ratio", t, i % 2 == 0 ? 0.010 : 0.011);
    }
  }

  /** A real detector, counting the samples each of its fetches returned. */
  static final class Counting implements Detector {
    final Detector real;
    final List<Integer> samples = Collections.synchronizedList(new ArrayList<>());

    Counting(Detector real) {
      this.real = real;
    }

    @Override
    public String name() {
      return real.name();
    }

    @Override
    public Verdict judge(DetectionContext context) throws InterruptedException {
      return real.judge(new DetectionContext() {
        @Override
        public dev.rollback.spi.DeploymentRef deployment() {
          return context.deployment();
        }

        @Override
        public String versionId() {
          return context.versionId();
        }

        @Override
        public Instant deployedAt() {
          return context.deployedAt();
        }

        @Override
        public Instant now() {
          return context.now();
        }

        @Override
        public MetricSeries fetch(String metric, TimeWindow window) throws InterruptedException {
          MetricSeries series = context.fetch(metric, window);
          samples.add(series.samples().size());
          return series;
        }
      });
    }
  }

  static long points(TimeWindow w) {
    return Duration.between(w.from(), w.to()).dividedBy(w.step()) + 1;
  }

  DeploymentMonitor.Builder monitor(Detector detector) {
    return DeploymentMonitor.builder().engine(rig.engine()).metrics(metrics).detector(detector)
        .interval(Duration.ofMinutes(1)).onJudgement(judgements::add);
  }

  @Test
  void aReleaseWatchedForAWeekIsJudgedForItsWindowOnlyAndSeesAtMostTheBaselinePlusTheWindow() {
    healthyMetrics(Duration.ofDays(7));
    Counting detector = new Counting(MannWhitneyDetector.builder("error_ratio").baseline(BASELINE).step(STEP).build());
    DeploymentMonitor monitor = monitor(detector).build(); // default judgement window: 2 h

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofHours(2).minusSeconds(1));
    assertTrue(monitor.watching(TestRig.CHECKOUT), "judged within the window");
    rig.time().advance(Duration.ofDays(7));

    assertFalse(monitor.watching(TestRig.CHECKOUT), "the watch ended when the window closed");
    assertEquals(121, judgements.size(), "judged at 0, 1, ..., 120 min: the last judgement falls on the window's end");
    assertEquals(deployedAt.plus(Duration.ofHours(2)), judgements.get(judgements.size() - 1).startedAt());
    judgements.forEach(j -> assertInstanceOf(Judgement.Result.Judged.class, j.result(), j.toString()));
    long most = (BASELINE.plusHours(2)).dividedBy(STEP) + 1;
    assertEquals(most, detector.samples.stream().mapToInt(Integer::intValue).max().orElseThrow(),
        "at the window's end the detector sees the baseline plus the window, and no more");
    assertTrue(asked.stream().allMatch(w -> !w.to().isAfter(deployedAt.plus(Duration.ofHours(2)))), asked.toString());
    assertTrue(asked.stream().allMatch(w -> points(w) <= 11_000), "within Prometheus' limit");
  }

  @Test
  void aWindowLongerThanASourceServesIsFetchedInQueriesOfAtMostTheMaximum() {
    healthyMetrics(Duration.ofHours(1));
    Counting detector = new Counting(MannWhitneyDetector.builder("error_ratio").baseline(BASELINE).step(STEP).build());
    DeploymentMonitor monitor = monitor(detector).maxPointsPerQuery(100).judgementWindow(Duration.ofHours(1)).build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt));
    rig.time().advance(Duration.ofHours(1));

    assertFalse(monitor.watching(TestRig.CHECKOUT));
    assertTrue(asked.stream().allMatch(w -> points(w) <= 100), "no query above the maximum: " + asked);
    int last = detector.samples.get(detector.samples.size() - 1);
    assertEquals(721, last, "the detector still sees every sample of 2 h at 10 s, once each");
    // the last judgement's window, 721 points, took 8 queries
    List<TimeWindow> lastJudgement = asked.subList(asked.size() - 8, asked.size());
    assertEquals(deployedAt.minus(BASELINE), lastJudgement.get(0).from());
    assertEquals(deployedAt.plus(Duration.ofHours(1)), lastJudgement.get(7).to());
    for (int i = 1; i < 8; i++) {
      assertEquals(lastJudgement.get(i - 1).to().plus(STEP), lastJudgement.get(i).from(), "consecutive, no overlap");
    }
  }

  @Test
  void aDetectorAskingForMoreBaselineThanAllowedGetsMaxBaseline() {
    healthyMetrics(Duration.ofMinutes(10));
    store.record("error_ratio", deployedAt.minus(Duration.ofDays(30)), 0.5); // far before any baseline
    List<TimeWindow> seen = new ArrayList<>();
    Detector greedy = new Detector() {
      @Override
      public String name() {
        return "greedy";
      }

      @Override
      public Verdict judge(DetectionContext context) throws InterruptedException {
        MetricSeries s = context.fetch("error_ratio", new TimeWindow(Instant.EPOCH, context.now().plusSeconds(3600), STEP));
        seen.add(new TimeWindow(s.samples().get(0).at(), s.samples().get(s.samples().size() - 1).at(), STEP));
        return new Verdict.Healthy("fine");
      }
    };
    DeploymentMonitor monitor = monitor(greedy).maxBaseline(Duration.ofMinutes(30)).build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt, Duration.ofMinutes(10)));
    rig.time().advance(Duration.ofMinutes(10));

    assertFalse(monitor.watching(TestRig.CHECKOUT), "the release's own window (10 min) closed");
    TimeWindow last = seen.get(seen.size() - 1);
    assertEquals(deployedAt.minus(Duration.ofMinutes(30)), last.from(), "cut to maxBaseline before the release");
    assertEquals(deployedAt.plus(Duration.ofMinutes(10)), last.to(), "cut to the judgement's time");
    assertTrue(asked.stream().allMatch(w -> !w.from().isBefore(deployedAt.minus(Duration.ofMinutes(30)))));
  }

  @Test
  void buildNamesEveryBadWindowSetting() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> DeploymentMonitor.builder().engine(rig.engine()).metrics(metrics).detector(MannWhitneyDetector.builder("error_ratio").build())
            .judgementWindow(Duration.ZERO).maxBaseline(Duration.ofDays(400)).maxPointsPerQuery(0).build());
    assertEquals(List.of("judgementWindow must be positive but was PT0S",
        "maxBaseline must be at most PT8760H (365 days) but was PT9600H", "maxPointsPerQuery must be >= 1 but was 0"),
        e.problems());
    assertThrows(IllegalArgumentException.class,
        () -> new MonitoredDeployment(TestRig.CHECKOUT, "v2", deployedAt, Duration.ofSeconds(-1)));
  }
}
