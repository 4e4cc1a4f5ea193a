package dev.rollback.benchmarks.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.benchmarks.MonitorScaleOutBenchmark;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs the monitor scale-out benchmark at smoke size on the real control plane, so that it never
 * rots; checks the report's shape (every deployment counted, the table printed, a failover
 * measured), not the figures, which are written up in benchmarks/BENCHMARKS.md; the guarantees
 * themselves are asserted by rollback-k8s's MonitorOnClusterTest.
 */
class MonitorScaleOutOnClusterBenchmarkTest {
  @Test
  void smokeRunCountsEveryDeploymentAndAFailover() throws Exception {
    MonitorScaleOutBenchmark.Report r = MonitorScaleOutOnClusterBenchmark.run(20, Duration.ofSeconds(4), 2, 3);
    System.out.println(r.table());
    assertEquals(20, r.shared().deployments(), r.table());
    assertTrue(r.shared().intervals() >= 20, r.table());
    assertEquals(r.shared().intervals(), r.shared().never() + r.shared().once() + r.shared().more());
    assertNotNull(r.failover(), "replica b judged some deployments last: " + r.table());
    assertTrue(r.table().contains("real control plane") && r.table().contains("failover"), r.table());
  }
}
