package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 14, "a monitor that shares the work": three replicas share 60 deployments through shard
 * leases; each deployment is judged exactly once per interval, whichever replica judges it; when a
 * replica dies, its deployments are judged by the others within two intervals, never twice in an
 * interval. Virtual time; each replica is a process of its own ({@link CrashableScheduler}) on one
 * ownership and one state store, as replicas share Leases and ConfigMaps.
 */
class MonitorSharingTest {
  static final Duration INTERVAL = Duration.ofSeconds(30);

  final TestRig rig = TestRig.create();
  final InMemoryMonitorOwnership ownership = InMemoryMonitorOwnership.create(rig.time().clock(), 16);
  final InMemoryMonitorStateStore store = InMemoryMonitorStateStore.create();
  final JudgementLedger ledger = JudgementLedger.create(INTERVAL);

  DeploymentMonitor replica(String name, CrashableScheduler process) {
    return DeploymentMonitor.builder().engine(rig.engineOn(process, b -> b)).executor(process.executor())
        .metrics(InMemoryMetricsSource.create()).detector(JudgementLedger.ALWAYS_HEALTHY).interval(INTERVAL)
        .ownership(ownership).stateStore(store).replica(name).onJudgement(ledger.replica(name)).build();
  }

  @Test
  void eachDeploymentIsJudgedOncePerIntervalAndADeadReplicasDeploymentsWithinTwoIntervals() {
    Instant t0 = rig.time().now();
    CrashableScheduler a = CrashableScheduler.on(rig.time());
    CrashableScheduler b = CrashableScheduler.on(rig.time());
    CrashableScheduler c = CrashableScheduler.on(rig.time());
    DeploymentMonitor told = replica("a", a);
    replica("b", b);
    replica("c", c);
    List<DeploymentRef> deployments = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      DeploymentRef d = DeploymentRef.of("prod", "shop", "app-" + i);
      deployments.add(d);
      told.watch(new MonitoredDeployment(d, "v2", t0, Duration.ofHours(2))); // told one replica only
    }

    rig.time().advance(Duration.ofMinutes(10));
    JudgementLedger.Tally shared = ledger.tally(t0.plus(Duration.ofMinutes(2)), rig.time().now());
    assertEquals(60, shared.deployments(), "every deployment is judged");
    assertEquals(0, shared.never(), shared.toString());
    assertEquals(0, shared.more(), shared.toString());
    assertEquals(60 * 15, shared.once(), "the 15 whole intervals from 2 to 10 min of 60 deployments, each judged exactly once: " + shared);
    for (String r : List.of("a", "b", "c")) {
      assertTrue(ledger.judgementsBy(r) > 60 * 16 / 6, "replica " + r + " does its part: " + ledger.judgementsBy(r));
    }

    Instant crashedAt = rig.time().now().plusSeconds(7);
    rig.time().advance(Duration.ofSeconds(7));
    b.crash();
    rig.time().advance(Duration.ofMinutes(10));

    JudgementLedger.Failover failover = ledger.failover("b", crashedAt);
    assertNotNull(failover, "b judged some deployments last");
    assertEquals(0, failover.orphaned(), failover.toString());
    assertTrue(failover.max().compareTo(INTERVAL.multipliedBy(2)) <= 0, "picked up within two intervals: " + failover);
    JudgementLedger.Tally after = ledger.tally(crashedAt, rig.time().now());
    assertEquals(0, after.more(), "never twice in an interval: " + after);
    assertTrue(after.longestGap() <= 1, "at most one interval without a judgement: " + after);
    JudgementLedger.Tally settled = ledger.tally(crashedAt.plus(INTERVAL.multipliedBy(2)), rig.time().now());
    assertEquals(settled.intervals(), settled.once(), "then exactly once again: " + settled);
    assertTrue(deployments.stream().allMatch(told::watching));
  }

  @Test
  void buildNamesEveryBadSharingSetting() {
    Executable bad = () -> DeploymentMonitor.builder().engine(rig.engine()).metrics(InMemoryMetricsSource.create())
        .detector(JudgementLedger.ALWAYS_HEALTHY).interval(INTERVAL).ownership(ownership).replica(" ").leaseDuration(Duration.ofSeconds(20))
        .resyncEvery(Duration.ZERO).build();
    InvalidConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidConfigurationException.class, bad);
    assertEquals(List.of("replica must not be blank",
        "leaseDuration must be at most half the interval (PT30S) but was PT20S: a dead replica's deployments could"
            + " wait longer than two intervals",
        "resyncEvery must be positive but was PT0S"), e.problems());
  }
}
