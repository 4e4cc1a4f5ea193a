package dev.rollback.k8s;

import static dev.rollback.k8s.ApiEconomyBenchmark.format;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.RunEvent;
import dev.rollback.spi.RunOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark (issue 7, item 5): how long after the watch event that reports the last pod ready the
 * engine leaves <i>Wait for pods ready</i>. Each run is a whole in-place rollback by the engine
 * (default policy: its own readiness polls at 0 s, 1 s, 3 s ...) over the adapters, on the CRUD
 * mock with the pod watch scripted ({@link ScriptedApi}): the restored pods turn ready a few hundred
 * ms after the deploy step, between two engine polls, so only the watch can end the wait. The
 * event instant is when the mock sends the event's bytes; the end is the engine's StepFinished
 * event for n13, as a {@code RunListener} sees it.
 *
 * <p>Run: {@code main [runs] [pod start in ms]}; defaults 20 and 300 (plus up to 200 ms of jitter).
 */
public final class ReactionLatencyBenchmark {
  /** The latencies measured (ns), and the printed table. */
  record Report(List<Long> latencies, List<Long> waitPolls, String table) {
    double percentileMillis(double p) {
      List<Long> sorted = latencies.stream().sorted().toList();
      int i = (int) Math.ceil(p * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }
  }

  private ReactionLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Duration podStart = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 300);
    System.out.println(run(runs, podStart).table());
    System.exit(0); // the mock's Vert.x threads are not daemons
  }

  static Report run(int runs, Duration podStart) throws Exception {
    List<Long> latencies = new ArrayList<>();
    List<Long> waitPolls = new ArrayList<>();
    long[] warmUp = once(podStart); // class loading and JIT: not counted
    for (int i = 0; i < runs; i++) {
      long[] sample = once(podStart.plusMillis(ThreadLocalRandom.current().nextLong(200)));
      latencies.add(sample[0]);
      waitPolls.add(sample[1]);
    }
    StringBuilder out = new StringBuilder();
    out.append(format("%nReaction latency: watch event reporting the last pod ready -> engine leaves n13 Wait for pods ready%n"))
        .append(format("in-place rollback on the CRUD mock with a scripted pod watch; pods ready %d-%d ms after deploy; %d runs%n",
            podStart.toMillis(), podStart.toMillis() + 200, runs));
    Report partial = new Report(latencies, waitPolls, "");
    out.append(format("%-8s %8s %8s %8s %8s%n", "", "min", "median", "p90", "max"));
    out.append(format("%-8s %8.2f %8.2f %8.2f %8.2f  ms (target < 50)%n", "latency", partial.percentileMillis(0),
        partial.percentileMillis(0.5), partial.percentileMillis(0.9), partial.percentileMillis(1)));
    out.append(format("pod lists in n13 besides the watch thread's first: %s per run (1 = only the engine's first poll)%n",
        waitPolls.stream().distinct().sorted().toList()));
    out.append(format("warm-up run, not counted: %.1f ms%n", warmUp[0] / 1e6));
    out.append("samples (ms): ").append(latencies.stream().map(l -> format("%.1f", l / 1e6)).toList()).append('\n');
    return new Report(latencies, waitPolls, out.toString());
  }

  /** Returns {latency in ns, readiness polls the engine sent during the wait}. */
  private static long[] once(Duration podStart) throws Exception {
    AtomicLong eventAt = new AtomicLong();
    AtomicLong leftAt = new AtomicLong();
    AtomicReference<JournalEntry> wait = new AtomicReference<>();
    try (BenchCluster c = new BenchCluster(RolloutShape.IN_PLACE, true)) {
      c.sim.holdReadiness();
      c.api.scriptPodWatches();
      c.start();
      MeteredRollback.Metered m = MeteredRollback.run(c, RolloutShape.IN_PLACE, WorkflowTest.SMOKE_OK,
          Duration.ofMillis(20), e -> {
            if (e instanceof RunEvent.StepFinished f && f.entry().node() == Node.WAIT_READY) {
              leftAt.set(System.nanoTime());
              wait.set(f.entry());
            } else if (e instanceof RunEvent.StepFinished f && f.entry().node() == Node.DEPLOY_PREVIOUS) {
              eventAt.set(c.podsReadyIn(podStart));
            }
          });
      if (m.result().outcome() != RunOutcome.ROLLED_BACK || wait.get() == null
          || !wait.get().detail().startsWith("3/3 pods ready")) {
        throw new IllegalStateException("the rollback did not wait for 3 ready pods: " + m.result().journal());
      }
      // Pod lists in n13 other than the watch thread's own list: the engine's readiness polls.
      long polls = c.log.from(BenchCluster.ADAPTER_AGENT).stream()
          .filter(e -> e.method().equals("GET") && e.resource().endsWith("/pods") && !e.watch()
              && e.at() >= eventAt.get() - podStart.toNanos() - BenchCluster.EVENT_LAG.toNanos() && e.at() <= leftAt.get())
          .count() - 1;
      return new long[] {leftAt.get() - eventAt.get(), polls};
    }
  }
}
