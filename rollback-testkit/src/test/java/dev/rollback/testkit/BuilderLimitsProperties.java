package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rollback.core.Node;
import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.SloThresholdDetector;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 12: over arbitrary durations and counts, the huge ones included (near {@code
 * Long.MAX_VALUE} nanoseconds or seconds, {@code ChronoUnit.FOREVER}, {@code Integer.MAX_VALUE}
 * attempts), every builder of the engine either builds something it can honour or throws {@link
 * InvalidConfigurationException} naming every bad field at once, promptly; it never throws
 * anything else.
 */
class BuilderLimitsProperties {
  private static final Duration MAX = Duration.ofDays(365);

  @Provide
  Arbitrary<Duration> durations() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, 7200).map(Duration::ofSeconds),
        Arbitraries.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(Long.MAX_VALUE),
            Duration.ofNanos(Long.MAX_VALUE - 1), ChronoUnit.FOREVER.getDuration(), Duration.ofSeconds(Long.MAX_VALUE),
            Duration.ofSeconds(Long.MIN_VALUE), MAX, MAX.plusNanos(1), ChronoUnit.MILLENNIA.getDuration()),
        Arbitraries.longs().map(Duration::ofNanos),
        Arbitraries.longs().map(Duration::ofSeconds));
  }

  @Provide
  Arbitrary<Integer> counts() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-2, 10),
        Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, 100, 101),
        Arbitraries.integers());
  }

  private static boolean valid(Duration d) {
    return d.compareTo(Duration.ZERO) > 0 && d.compareTo(MAX) <= 0;
  }

  /**
   * Builds within a generous bound. Not a speed target: a build that loops over two billion
   * attempts takes minutes, and this bound only tells "answers" from "hangs".
   */
  private static <T> T promptly(Supplier<T> build) {
    return assertTimeoutPreemptively(Duration.ofSeconds(10), build::get);
  }

  /** Asserts that {@code build} throws only InvalidConfigurationException, naming each field in {@code bad}. */
  private static void refuses(Supplier<?> build, List<String> bad) {
    try {
      promptly(build);
      fail("built although " + bad + " are bad");
    } catch (InvalidConfigurationException e) {
      for (String field : bad) {
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(field)), field + " is named in " + e.problems());
      }
    }
  }

  @Property(tries = 1000)
  void rollbackPolicyReportsEveryBadValueAtOnceAndNeverCrashes(
      @ForAll("durations") Duration step,
      @ForAll("durations") Duration markFailed,
      @ForAll("durations") Duration overall,
      @ForAll("durations") Duration pollInitial,
      @ForAll("durations") Duration timeout,
      @ForAll("durations") Duration backoff,
      @ForAll("counts") int attempts) {
    Supplier<RollbackPolicy> build = () -> RollbackPolicy.builder()
        .stepDeadline(step)
        .stepDeadline(Node.MARK_FAILED, markFailed)
        .overallDeadline(overall)
        .readinessPoll(pollInitial, MAX)
        .notifierAttempts(attempts)
        .notificationTimeout(timeout)
        .notificationBackoff(backoff, MAX)
        .build();
    List<String> bad = new ArrayList<>();
    if (!valid(step)) {
      bad.add("stepDeadline ");
    }
    if (!valid(markFailed)) {
      bad.add("stepDeadline(MARK_FAILED)");
    }
    if (!valid(overall)) {
      bad.add("overallDeadline");
    }
    if (!valid(pollInitial)) {
      bad.add("readinessPollInitial");
    }
    if (attempts < 1 || attempts > 100) {
      bad.add("notifierAttempts");
    }
    if (!valid(timeout)) {
      bad.add("notificationTimeout");
    }
    if (!valid(backoff)) {
      bad.add("notificationBackoff ");
    }
    boolean reserveInputsValid = valid(markFailed) && valid(overall) && attempts >= 1 && attempts <= 100
        && valid(timeout) && valid(backoff);
    if (reserveInputsValid) {
      boolean tooShort;
      try {
        RollbackPolicy longest = RollbackPolicy.builder().stepDeadline(Node.MARK_FAILED, markFailed).overallDeadline(MAX)
            .notifierAttempts(attempts).notificationTimeout(timeout).notificationBackoff(backoff, MAX).build();
        tooShort = overall.compareTo(longest.terminalReserve(1).plus(longest.notificationBudget(1))) <= 0;
      } catch (InvalidConfigurationException e) {
        tooShort = true; // the reserve alone is longer than the longest overall deadline
      }
      if (tooShort) {
        bad.add("overallDeadline (" + overall + ") must be longer than");
      }
    }
    if (!bad.isEmpty()) {
      refuses(build, bad);
      return;
    }
    RollbackPolicy policy = promptly(build);
    // what the engine computes from a policy it accepted stays exact
    Instant.parse("2026-01-01T00:00:00Z").plus(policy.overallDeadline()).minus(policy.terminalReserve(1));
    policy.overallDeadline().toNanos();
    policy.stepDeadline(Node.WAIT_READY).toNanos();
    policy.notificationBackoffAfter(Integer.MAX_VALUE).toNanos();
  }

  @Property(tries = 300)
  void engineAndMonitorBuildersReportEveryBadValueAtOnceAndNeverCrash(
      @ForAll("durations") Duration lease,
      @ForAll("durations") Duration resumeEvery,
      @ForAll("durations") Duration interval,
      @ForAll boolean withNotifier) {
    TestRig rig = TestRig.create();
    Supplier<RollbackEngine> engine = () -> {
      RollbackEngine.Builder b = RollbackEngine.builder()
          .versionRegistry(rig.registry()).clusterDriver(rig.cluster()).smokeTester(rig.smokeTester())
          .scheduler(rig.time()).adapterExecutor(rig.time().executor())
          .runStore(InMemoryRunStore.create()).leaseDuration(lease).resumeEvery(resumeEvery);
      return (withNotifier ? b.notifier(rig.notifier()) : b).build();
    };
    List<String> bad = new ArrayList<>();
    if (!withNotifier) {
      bad.add("at least one notifier");
    }
    if (!valid(lease)) {
      bad.add("leaseDuration");
    }
    if (!valid(resumeEvery)) {
      bad.add("resumeEvery");
    }
    if (!bad.isEmpty()) {
      refuses(engine, bad);
    } else {
      promptly(engine).close();
    }
    Supplier<DeploymentMonitor> monitor = () -> DeploymentMonitor.builder()
        .engine(rig.engine())
        .metrics(InMemoryMetricsSource.create())
        .detector(SloThresholdDetector.above("error_ratio", 0.01, 3, Duration.ofSeconds(30)))
        .interval(interval)
        .build();
    if (!valid(interval)) {
      refuses(monitor, List.of("interval"));
    } else {
      promptly(monitor).close();
    }
  }
}
