package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RunEvent;
import dev.rollback.core.RunResult;
import dev.rollback.core.detect.Decision;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.Judgement;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.core.detect.SloThresholdDetector;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.MonitorState;
import dev.rollback.spi.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "a monitor that survives": with a state store, a monitor whose process died is
 * replaced by a new one on the same store, which goes on judging the release for the rest of its
 * window on the same schedule, and keeps the cooldown and the ping-pong guard of runs the dead one
 * started. Virtual time; each monitor runs in a process of its own ({@link CrashableScheduler}).
 */
class MonitorRestartTest {
  static final Duration INTERVAL = Duration.ofMinutes(1);

  final List<RunResult> finished = Collections.synchronizedList(new ArrayList<>());
  final TestRig rig = TestRig.create().listener(e -> {
    if (e instanceof RunEvent.RunFinished f) {
      finished.add(f.result());
    }
  });
  final InMemoryMetricsSource metrics = InMemoryMetricsSource.create();
  final InMemoryMonitorStateStore store = InMemoryMonitorStateStore.create();
  final Instant t0 = rig.time().now();

  DeploymentMonitor monitor(CrashableScheduler process, Consumer<Judgement> judgements, Consumer<Decision> decisions) {
    RollbackEngine engine = rig.engineOn(process, b -> b);
    return DeploymentMonitor.builder().engine(engine).executor(process.executor())
        .metrics(metrics).detector(SloThresholdDetector.above("error_ratio", 0.01, 3, INTERVAL))
        .interval(INTERVAL).stateStore(store).onJudgement(judgements).onDecision(decisions).build();
  }

  void errorRatio(Instant from, Duration length, double value) {
    for (Instant t = from; !t.isAfter(from.plus(length)); t = t.plus(INTERVAL)) {
      metrics.record("error_ratio", t, value);
    }
  }

  @Test
  void aMonitorRestartedMidWindowContinuesFromTheStoredState() {
    errorRatio(t0.minus(Duration.ofHours(1)), Duration.ofHours(4), 0.001);
    List<Instant> first = Collections.synchronizedList(new ArrayList<>());
    List<Instant> second = Collections.synchronizedList(new ArrayList<>());
    CrashableScheduler process1 = CrashableScheduler.on(rig.time());
    DeploymentMonitor dying = monitor(process1, j -> first.add(j.startedAt()), d -> {});
    dying.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", t0)); // default window: 2 h

    rig.time().advance(Duration.ofMinutes(50).plusSeconds(30));
    process1.crash();
    rig.time().advance(Duration.ofMinutes(5)); // no monitor runs from 50:30 to 55:30
    MonitorState stored = store.state(TestRig.CHECKOUT);
    assertNotNull(stored);
    assertNotNull(stored.watched(), "the release is stored with its window");
    assertEquals(t0.plus(Duration.ofHours(2)), stored.watched().judgedUntil());

    CrashableScheduler process2 = CrashableScheduler.on(rig.time());
    DeploymentMonitor restarted = monitor(process2, j -> second.add(j.startedAt()), d -> {});
    assertFalse(restarted.watching(TestRig.CHECKOUT), "nothing is read before the monitor's first task runs");
    rig.time().advance(Duration.ofSeconds(1));
    assertTrue(restarted.watching(TestRig.CHECKOUT), "the new monitor read the release from the store");
    rig.time().advance(Duration.ofHours(3));

    assertEquals(51, first.size(), "the first monitor judged at 0, 1, ..., 50 min");
    assertEquals(t0.plus(Duration.ofMinutes(50)), first.get(first.size() - 1));
    assertEquals(65, second.size(), "the restarted one at 56, 57, ..., 120 min: " + second);
    assertEquals(t0.plus(Duration.ofMinutes(56)), second.get(0), "on the release's schedule, from the next minute");
    for (int i = 0; i < second.size(); i++) {
      assertEquals(t0.plus(Duration.ofMinutes(56 + i)), second.get(i));
    }
    assertFalse(restarted.watching(TestRig.CHECKOUT), "the window closed at 2 h");
    assertNull(store.state(TestRig.CHECKOUT).watched(), "and the store says so");
    assertTrue(finished.isEmpty(), "a healthy release starts no run");
  }

  @Test
  void aRestartedMonitorKeepsTheCooldownAndThePingPongGuard() {
    errorRatio(t0.minus(Duration.ofHours(1)), Duration.ofHours(1), 0.001);
    errorRatio(t0.plus(INTERVAL), Duration.ofHours(3), 0.05); // the release and everything after it fail
    CrashableScheduler process1 = CrashableScheduler.on(rig.time());
    DeploymentMonitor dying = monitor(process1, j -> {}, d -> {});
    dying.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", t0));
    rig.time().advance(Duration.ofMinutes(10));
    assertEquals(1, finished.size(), "the regression started one run");
    RunResult run = finished.get(0);
    assertEquals(RunOutcome.ROLLED_BACK, run.outcome());
    MonitorState stored = store.state(TestRig.CHECKOUT);
    assertEquals(run.startedAt(), stored.lastRunStartedAt(), "the run's start is stored: the cooldown");
    assertEquals("v1", stored.rollbackTarget().versionId(), "and the version it made current: the ping-pong guard");
    process1.crash();

    List<Decision> decisions = Collections.synchronizedList(new ArrayList<>());
    CrashableScheduler process2 = CrashableScheduler.on(rig.time());
    DeploymentMonitor restarted = monitor(process2, j -> {}, decisions::add);
    // another release within the 30 min cooldown of the dead monitor's run is held, not rolled back
    restarted.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v3", rig.time().now()));
    rig.time().advance(Duration.ofMinutes(5));
    assertInstanceOf(Decision.Hold.class, decisions.get(decisions.size() - 1), decisions.toString());
    assertEquals(1, finished.size());

    // after the cooldown, v1, current by that rollback within the 1 h ping-pong window, still looks
    // bad: the restarted monitor pages instead of rolling it back
    restarted.unwatch(TestRig.CHECKOUT);
    rig.time().advance(Duration.ofMinutes(25));
    assertTrue(rig.time().now().isAfter(run.startedAt().plus(Duration.ofMinutes(30))), "past the cooldown");
    restarted.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v1", rig.time().now()));
    rig.time().advance(Duration.ofMinutes(10));
    Decision.Page page = assertInstanceOf(Decision.Page.class, decisions.get(decisions.size() - 1));
    assertTrue(page.reason().startsWith("not rolling back version v1 automatically"), page.reason());
    assertEquals(1, finished.size(), "no second run");
    assertFalse(restarted.watching(TestRig.CHECKOUT), "a person takes over");
    assertNull(store.state(TestRig.CHECKOUT).watched());
  }

  @Test
  void aStoreThatFailsCostsDurabilityNotJudgement() {
    errorRatio(t0.minus(Duration.ofHours(1)), Duration.ofHours(2), 0.001);
    List<Instant> judged = Collections.synchronizedList(new ArrayList<>());
    store.failing(new IllegalStateException("store unreachable"));
    CrashableScheduler process = CrashableScheduler.on(rig.time());
    DeploymentMonitor monitor = monitor(process, j -> judged.add(j.startedAt()), d -> {});
    monitor.watch(new MonitoredDeployment(TestRig.CHECKOUT, "v2", t0, Duration.ofMinutes(30)));
    rig.time().advance(Duration.ofMinutes(10));
    assertTrue(monitor.watching(TestRig.CHECKOUT));
    assertTrue(judged.size() >= 9, "judged on from memory: " + judged);
    assertNull(store.failing(null).state(TestRig.CHECKOUT), "nothing could be stored");
    rig.time().advance(Duration.ofMinutes(3));
    assertNotNull(store.state(TestRig.CHECKOUT), "written again at a resync once the store works");
    assertEquals(t0, store.state(TestRig.CHECKOUT).watched().deployedAt());
    rig.time().advance(Duration.ofMinutes(30));
    assertEquals(31, judged.size(), "every minute of the 30 min window, both ends included");
    assertNull(store.state(TestRig.CHECKOUT).watched());
  }
}
