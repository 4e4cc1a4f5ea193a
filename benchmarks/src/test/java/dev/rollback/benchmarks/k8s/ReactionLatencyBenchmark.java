package dev.rollback.benchmarks.k8s;

import static dev.rollback.benchmarks.k8s.ApiEconomyBenchmark.format;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.RunEvent;
import dev.rollback.k8s.Fixtures;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.k8s.WorkflowTest;
import dev.rollback.spi.RunOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark (issue 7, item 5): how long after the watch event that reports the last pod ready the
 * engine leaves <i>Wait for pods ready</i>. Each run is a whole in-place rollback by the engine
 * (default policy: its own readiness polls at 0 s and then, once the watch is handed over, every
 * 15 s) over the adapters, on a namespace of its own on the real control plane: the restored pods
 * turn ready a few hundred ms after they start (kwok's {@code rollback.test/ready-after} on the
 * pod template), after the engine's first poll, so only the watch can end the wait. The event
 * instant is the last time before the end of n13 that bytes of the readiness watch's answer
 * reached the adapters' client (an interceptor wraps the stream, {@link MeteredRollback}); the end
 * is the engine's StepFinished event for n13, as a {@code RunListener} sees it.
 *
 * <p>Run: {@code main [runs] [pod start in ms]}; defaults 20 and 300 (plus up to 200 ms of jitter).
 */
public final class ReactionLatencyBenchmark {
  /**
   * One run.
   *
   * @param latencyNanos from the event to the end of n13
   * @param eventAfterNanos from the start of n13 to the event
   * @param waitPolls the engine's pod lists in n13 (the watch thread's first list not counted)
   * @param pollAfterEvent whether a pod list was answered between the event and the end of n13,
   *     so that it, not the watch, may have ended the wait
   */
  record Sample(long latencyNanos, long eventAfterNanos, long waitPolls, boolean pollAfterEvent) {}

  /**
   * The samples whose wait the watch ended, the runs a poll answered after the event (not counted
   * in the latencies), the warm-up run, and the printed table.
   */
  record Report(List<Sample> samples, List<Sample> endedByPoll, Sample warmUp, String table) {
    List<Long> latencies() {
      return samples.stream().map(Sample::latencyNanos).toList();
    }

    double percentileMillis(double p) {
      List<Long> sorted = latencies().stream().sorted().toList();
      int i = (int) Math.ceil(p * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }
  }

  private ReactionLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Duration podStart = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 300);
    BenchControlPlane.require();
    System.out.println(run(runs, podStart).table());
    // OkHttp's and the engine's threads would keep the JVM up; the shutdown hook stops the control plane.
    System.exit(0);
  }

  static Report run(int runs, Duration podStart) throws Exception {
    List<Sample> samples = new ArrayList<>();
    List<Sample> endedByPoll = new ArrayList<>();
    Sample warmUp = once(podStart); // class loading and JIT: not counted
    for (int i = 0; i < runs; i++) {
      Sample s = once(podStart.plusMillis(ThreadLocalRandom.current().nextLong(200)));
      (s.pollAfterEvent() ? endedByPoll : samples).add(s);
    }
    if (samples.isEmpty()) {
      throw new IllegalStateException("in none of " + runs + " runs did the watch alone end the wait: " + endedByPoll);
    }
    StringBuilder out = new StringBuilder();
    out.append(format("%nReaction latency: watch event reporting the last pod ready -> engine leaves n13 Wait for pods ready%n"))
        .append(format("in-place rollback on the real apiserver; pods ready %d-%d ms after they start; %d runs%n",
            podStart.toMillis(), podStart.toMillis() + 200, runs));
    Report partial = new Report(samples, endedByPoll, warmUp, "");
    out.append(format("%-8s %5s %8s %8s %8s %8s%n", "", "runs", "min", "median", "p90", "max"));
    out.append(format("%-8s %5d %8.2f %8.2f %8.2f %8.2f  ms (target < 50)%n", "latency", samples.size(),
        partial.percentileMillis(0), partial.percentileMillis(0.5), partial.percentileMillis(0.9),
        partial.percentileMillis(1)));
    out.append(format("runs where a readiness poll was answered after the event (not counted above): %d%n",
        endedByPoll.size()));
    out.append(format("pod lists in n13 besides the watch thread's first: %s per run (1 = only the engine's first poll)%n",
        samples.stream().map(Sample::waitPolls).distinct().sorted().toList()));
    out.append(format("warm-up run, not counted: %.1f ms%n", warmUp.latencyNanos() / 1e6));
    out.append("samples (ms): ").append(samples.stream().map(s -> format("%.1f", s.latencyNanos() / 1e6)).toList())
        .append('\n');
    return new Report(samples, endedByPoll, warmUp, out.toString());
  }

  private static Sample once(Duration podStart) throws Exception {
    AtomicReference<JournalEntry> wait = new AtomicReference<>();
    try (BenchCluster c = new BenchCluster(BenchCluster.Access.SHIPPED_ROLE)) {
      c.fixtures.readyAfter(Fixtures.IMAGE_V1, podStart);
      c.setUp(RolloutShape.IN_PLACE, true);
      MeteredRollback.Metered m = MeteredRollback.run(c, RolloutShape.IN_PLACE, WorkflowTest.SMOKE_OK,
          Duration.ofMillis(20), e -> {
            if (e instanceof RunEvent.StepFinished f && f.entry().node() == Node.WAIT_READY) {
              wait.set(f.entry());
            }
          });
      JournalEntry w = wait.get();
      if (m.result().outcome() != RunOutcome.ROLLED_BACK || w == null || !w.detail().startsWith("3/3 pods ready")) {
        throw new IllegalStateException("the rollback did not wait for 3 ready pods: " + m.result().journal());
      }
      long left = m.waitEnded();
      long event = m.watchBytes().stream().filter(t -> t <= left).mapToLong(Long::longValue).max()
          .orElseThrow(() -> new IllegalStateException("no watch event reached the adapters before n13 ended: "
              + m.requests()));
      // Pod lists in n13 other than the watch thread's own list: the engine's readiness polls.
      List<MeteredRollback.Request> lists = m.requests().stream()
          .filter(r -> r.node() == Node.WAIT_READY && r.podList()).toList();
      boolean pollAfterEvent = lists.stream().anyMatch(r -> r.answeredAt() >= event && r.answeredAt() <= left);
      return new Sample(left - event, event - m.waitStarted(), lists.size() - 1, pollAfterEvent);
    }
  }
}
