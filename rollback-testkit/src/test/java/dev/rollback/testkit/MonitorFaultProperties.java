package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.DetectionContext;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.core.detect.Verdict;
import dev.rollback.spi.MetricSeries;
import dev.rollback.spi.TimeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * Issue 12: whatever a detector, a metrics source or a listener does at any judgement (throws an
 * exception, an error or a sneaky checked exception, answers a null verdict, is interrupted, bases
 * its verdict on a series of another metric than it asked for), the deployment is judged again at
 * the next interval, {@code watching()} stays true, and no broken judgement's verdict is trusted.
 */
class MonitorFaultProperties {
  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final List<String> HEALTHY = List.of("healthy");

  /** What one judgement does: "healthy", "null", "interrupt", "wrong-metric", "listener:<Thrown>" or a Thrown. */
  @Provide
  Arbitrary<List<String>> judgements() {
    Arbitrary<String> one = Arbitraries.oneOf(
        Arbitraries.of("healthy", "null", "interrupt", "wrong-metric"),
        Arbitraries.of(Thrown.class).map(Thrown::name),
        Arbitraries.of(Thrown.class).map(t -> "listener:" + t.name()));
    return one.list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 300)
  void aFailingJudgementIsReportedAndRetriedAtTheNextInterval(@ForAll("judgements") List<String> judgements) {
    TestRig rig = TestRig.create();
    int[] calls = {0};
    String[] current = {"healthy"};
    Detector scripted = new Detector() {
      @Override
      public String name() {
        return "scripted";
      }

      @Override
      public @Nullable Verdict judge(DetectionContext context) throws InterruptedException {
        String what = calls[0] < judgements.size() ? judgements.get(calls[0]) : "healthy";
        calls[0]++;
        current[0] = what;
        switch (what) {
          case "healthy", "listener:RUNTIME_EXCEPTION", "listener:ASSERTION_ERROR", "listener:NO_CLASS_DEF_FOUND_ERROR",
              "listener:STACK_OVERFLOW_ERROR", "listener:SNEAKY_IO_EXCEPTION" -> {
            return new Verdict.Healthy("judgement " + calls[0]);
          }
          case "null" -> {
            return null;
          }
          case "interrupt" -> throw new InterruptedException("scripted");
          case "wrong-metric" -> {
            try {
              context.fetch("error_ratio", new TimeWindow(context.deployedAt(), context.now().plusSeconds(1), Duration.ofSeconds(30)));
            } catch (RuntimeException swallowed) {
              // a detector that swallows the source's broken answer: its verdict must not be trusted
            }
            return new Verdict.Healthy("untrusted " + calls[0]);
          }
          default -> {
            return Thrown.valueOf(what).raise("Detector.judge");
          }
        }
      }
    };
    List<Verdict> verdicts = new ArrayList<>();
    DeploymentMonitor monitor = DeploymentMonitor.builder()
        .engine(rig.engine())
        .metrics((query, window) -> new MetricSeries("latency_p99", List.of()))
        .detector(scripted)
        .interval(INTERVAL)
        .onVerdict(v -> {
          verdicts.add(v);
          if (current[0].startsWith("listener:")) {
            Thrown.valueOf(current[0].substring("listener:".length())).raise("the verdict listener");
          }
        })
        .build();

    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", rig.time().now()));
    int intervals = judgements.size() + 2;
    rig.time().advance(INTERVAL.multipliedBy(intervals));

    assertEquals(intervals + 1, calls[0], "judged at every interval despite " + judgements);
    assertTrue(monitor.watching(TestRig.CHECKOUT));
    long trusted = judgements.stream().filter(j -> j.equals("healthy") || j.startsWith("listener:")).count() + 2 + 1;
    assertEquals(trusted, verdicts.size(), "only well-formed judgements reach the listener: " + verdicts);
    assertTrue(verdicts.stream().allMatch(v -> v instanceof Verdict.Healthy h && h.detail().startsWith("judgement")),
        "no null and no untrusted verdict was passed on: " + verdicts);
    monitor.close();
  }
}
