package dev.rollback.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs the in-memory monitor scale-out benchmark at smoke size (virtual time, a second or two of
 * real time) and checks the report's shape and its guarantees, which on virtual time are exact:
 * every deployment judged once per interval while 3 replicas run, never twice after one dies, and
 * its deployments taken over within two intervals.
 */
class MonitorScaleOutBenchmarkTest {
  @Test
  void smokeRunJudgesOncePerIntervalAndFailsOverWithinTwoIntervals() {
    MonitorScaleOutBenchmark.Report r = MonitorScaleOutBenchmark.run(300, 4, 4);
    System.out.println(r.table());
    assertEquals(300, r.shared().deployments());
    assertTrue(r.shared().intervals() >= 300 * 3, r.table());
    assertEquals(r.shared().intervals(), r.shared().once(), r.table());
    assertEquals(0, r.afterDeath().more(), r.table());
    assertTrue(r.afterDeath().longestGap() <= 2, r.table());
    assertNotNull(r.failover(), r.table());
    assertEquals(0, r.failover().orphaned(), r.table());
    assertTrue(r.failover().max().compareTo(MonitorScaleOutBenchmark.INTERVAL.multipliedBy(2)) <= 0, r.table());
    assertTrue(r.table().startsWith("| setup | deployments |"), r.table());
  }
}
