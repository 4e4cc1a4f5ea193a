package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunLostException;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.Audience;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.StoredRun;
import dev.rollback.testkit.jqwik.RollbackArbitraries;
import dev.rollback.testkit.jqwik.ScenarioScript;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 12: over arbitrary adapter behaviours and arbitrary faults of the deployment lock and the
 * run store (throws, errors, hangs, answers slower than their call timeout allows many times over,
 * a backend that goes down for good), with and without a store: no run is refused as "busy" when
 * no other engine holds the lease; a run that only this engine can finish ends at its terminal
 * notification within its overall deadline, the notification starting early enough to use all of
 * its reserved time; a run that this engine gives up is unfinished in the store and another
 * engine finishes it; and a run that lost its durability says so in its terminal notification.
 */
class DurabilityFaultProperties {
  private static final Trigger TRIGGER = Trigger.manual("prop@example.com", "generated lock and store faults");
  /** A short overall deadline, so that slow saves could push a run past it. */
  private static final RollbackPolicy POLICY = RollbackPolicy.builder().overallDeadline(Duration.ofMinutes(4)).build();

  @Provide
  Arbitrary<ScenarioScript> scenarios() {
    return RollbackArbitraries.scenarios();
  }

  @Provide
  Arbitrary<ScenarioScript> durability() {
    return RollbackArbitraries.durabilityScripts(POLICY.defaultStepDeadline().minusSeconds(1));
  }

  private static String nextOf(String document) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"next\":\"([A-Z_]+)\"").matcher(document);
    return m.find() ? m.group(1) : "";
  }

  @Property(tries = 400)
  void aLockOrStoreFaultIsAFaultOfTheRunThatIsNotifiedAndNeverDropsTheRollback(
      @ForAll("scenarios") ScenarioScript scenario,
      @ForAll("durability") ScenarioScript durability,
      @ForAll boolean withStore) {
    TestRig rig = TestRig.create().policy(POLICY);
    scenario.applyTo(rig.script());
    durability.applyTo(rig.script());
    InMemoryDeploymentLock lock = InMemoryDeploymentLock.following(rig.script());
    InMemoryRunStore store = InMemoryRunStore.following(rig.script());
    rig.customize(b -> withStore ? b.deploymentLock(lock).runStore(store) : b.deploymentLock(lock));

    CompletableFuture<RunResult> future = rig.engine().start(TestRig.CHECKOUT, TRIGGER);
    rig.time().runUntilIdle();
    assertTrue(future.isDone(), "the run's future completed");
    RunResult result;
    if (future.isCompletedExceptionally()) {
      CompletionException failed = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, future::join);
      assertTrue(withStore, "without a store only this engine can finish the run, yet it ended with " + failed.getCause());
      assertInstanceOf(RunLostException.class, failed.getCause(), "no other engine holds the lease");
      List<StoredRun> unfinished = store.unfinished();
      assertEquals(1, unfinished.size(), "the run this engine gave up is unfinished in the store");
      RollbackEngine other = rig.engineOn(CrashableScheduler.on(rig.time()), b -> b.runStore(store).holderId("other"));
      List<CompletableFuture<RunResult>> resumed = rig.time().runUntil(other.resumeUnfinished());
      assertEquals(1, resumed.size());
      rig.time().runUntilIdle();
      result = resumed.get(0).join();
    } else {
      result = future.join();
      Duration overall = POLICY.overallDeadline();
      assertTrue(result.duration().compareTo(overall) <= 0, "took " + result.duration());
      JournalEntry notify = result.journal().stream().filter(e -> e.node() == Node.NOTIFY_ON_CALL).findFirst()
          .orElseThrow();
      Instant latest = result.startedAt().plus(overall).minus(POLICY.notificationBudget(1));
      assertFalse(notify.start().isAfter(latest),
          "Notify on-call engineer started at " + notify.start() + ", after " + latest + ", eating its reserve");
    }
    List<Node> path = result.path();
    assertEquals(List.of(Node.NOTIFY_ON_CALL, Node.END), path.subList(path.size() - 2, path.size()));
    assertFalse(result.notifications().stream().noneMatch(r -> r.kind() == NotificationKind.RUN_FINISHED),
        "the terminal notification was attempted");
    if (withStore && !future.isCompletedExceptionally()) {
      Optional<StoredRun> stored = store.load(result.runId());
      String next = stored.map(r -> nextOf(r.record().document())).orElse("");
      // With a store the reserve also keeps one store call for the final save (RollbackEngine.Builder#runStore).
      Instant workDeadline = result.startedAt().plus(POLICY.overallDeadline()).minus(POLICY.terminalReserve(1))
          .minus(POLICY.defaultStepDeadline());
      boolean reserveUsed = result.journal().stream().anyMatch(e -> !e.start().isBefore(workDeadline));
      // Saves stop in the reserved time, and the final save comes after the notification: only a
      // store that lost track of the run before that must be named in the notification.
      boolean lostTrackEarly = stored.isEmpty()
          || (!stored.get().record().finished() && !reserveUsed && !next.equals("NOTIFY_ON_CALL") && !next.equals("END"));
      if (lostTrackEarly) {
        List<Notification> finished = rig.notifier().delivered(NotificationKind.RUN_FINISHED, Audience.ON_CALL);
        assertTrue(finished.isEmpty() || finished.get(0).message().contains("without durability"),
            "the store lost track of the run (next " + next + "), and the notification must say so: "
                + finished.stream().map(Notification::message).toList());
      }
    }
    assertTrue(rig.engine().inProgress(TestRig.CHECKOUT).isEmpty(), "the run is no longer in progress");
  }
}
