package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs the reaction latency benchmark at smoke size on the real control plane; checks the table, not the timing. */
@Order(BenchmarkTables.TEST_ORDER)
class ReactionLatencyBenchmarkTest {

  @Test
  void smokeRunMeasuresTheWatchPathNotAPoll() throws Exception {
    Duration podStart = Duration.ofMillis(200);
    ReactionLatencyBenchmark.Report r = ReactionLatencyBenchmark.run(3, podStart);
    System.out.println(r.table());

    assertEquals(3, r.samples().size() + r.endedByPoll().size());
    assertFalse(r.samples().isEmpty(), r.table());
    for (ReactionLatencyBenchmark.Sample s : r.samples()) {
      // The event that ended the wait is the pods turning ready, which kwok delays by at least the
      // start delay after they run (they start after the deploy, just before n13): it cannot come
      // earlier, whatever the machine's load. 100 ms covers the engine's hop from n12 to n13.
      assertTrue(s.eventAfterNanos() >= podStart.minusMillis(100).toNanos(), s + "\n" + r.table());
      assertTrue(s.waitPolls() >= 1, "the engine polls once as n13 starts: " + s);
    }
    assertTrue(r.table().contains("median") && r.table().contains("p90"), r.table());
  }
}
