package dev.rollback.benchmarks.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs the reaction latency benchmark at smoke size on the real control plane, so that it never
 * rots; checks that it measured something sensible (every run counted, each latency a finite
 * figure that is not negative, the table printed), never how fast: the figure itself is printed
 * and written up in rollback-k8s/BENCHMARKS.md, as a loaded machine would fail any bound on it.
 */
class ReactionLatencyBenchmarkTest {

  @Test
  void smokeRunMeasuresTheWatchPathNotAPoll() throws Exception {
    Duration podStart = Duration.ofMillis(200);
    ReactionLatencyBenchmark.Report r = ReactionLatencyBenchmark.run(3, podStart);
    System.out.println(r.table());

    assertEquals(3, r.samples().size() + r.endedByPoll().size());
    assertFalse(r.samples().isEmpty(), r.table());
    assertEquals(r.samples().size(), r.latencies().size(), r.table());
    for (double p : new double[] {0, 0.5, 0.9, 1}) {
      double millis = r.percentileMillis(p);
      assertTrue(Double.isFinite(millis) && millis >= 0, "percentile " + p + ": " + millis + "\n" + r.table());
    }
    for (ReactionLatencyBenchmark.Sample s : r.samples()) {
      // The event is the last watch bytes before n13 ended: the latency cannot be negative.
      assertTrue(s.latencyNanos() >= 0, s + "\n" + r.table());
      // The event that ended the wait is the pods turning ready, which kwok delays by at least the
      // start delay after they run (they start after the deploy, just before n13): it cannot come
      // earlier, whatever the machine's load. 100 ms covers the engine's hop from n12 to n13.
      assertTrue(s.eventAfterNanos() >= podStart.minusMillis(100).toNanos(), s + "\n" + r.table());
      assertTrue(s.waitPolls() >= 1, "the engine polls once as n13 starts: " + s);
    }
    assertTrue(r.table().contains("median") && r.table().contains("p90"), r.table());
  }
}
