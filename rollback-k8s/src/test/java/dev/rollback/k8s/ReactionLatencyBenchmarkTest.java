package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs the reaction latency benchmark at smoke size; checks the table, not the timing. */
class ReactionLatencyBenchmarkTest {

  @Test
  void smokeRunMeasuresTheWatchPathNotAPoll() throws Exception {
    ReactionLatencyBenchmark.Report r = ReactionLatencyBenchmark.run(3, Duration.ofMillis(200));
    System.out.println(r.table());

    assertEquals(3, r.latencies().size());
    // The event is sent 200-400 ms after the deploy; the engine's next poll is 1 s after its first, so the
    // wait can only have ended through the watch: well before that poll, whatever the machine's load.
    assertTrue(r.latencies().stream().allMatch(l -> l >= -Duration.ofMillis(2).toNanos() && l < Duration.ofMillis(500).toNanos()),
        r.table());
    assertTrue(r.table().contains("median") && r.table().contains("p90"), r.table());
  }
}
