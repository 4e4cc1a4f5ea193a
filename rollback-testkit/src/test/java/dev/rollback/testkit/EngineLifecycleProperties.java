package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.EngineClosedException;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.Audience;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.jqwik.RollbackArbitraries;
import dev.rollback.testkit.jqwik.ScenarioScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Issue 12: {@code close()} at any moment of any runs, {@code start()} after {@code close()}, and
 * run ids that a custom function repeats: every future completes, nothing stays in progress, no
 * run is lost, and every run that ends has its own id and its own terminal notification.
 */
class EngineLifecycleProperties {
  private static final Trigger TRIGGER = Trigger.manual("prop@example.com", "generated lifecycle");

  @Provide
  Arbitrary<ScenarioScript> scenarios() {
    return RollbackArbitraries.scenarios();
  }

  /** {@code count} deployments with the rig's history: {@code checkout}, {@code cart-2}, ... */
  private static List<DeploymentRef> deployments(TestRig rig, int count) {
    List<DeploymentRef> out = new ArrayList<>(List.of(TestRig.CHECKOUT));
    for (int i = 2; i <= count; i++) {
      DeploymentRef d = DeploymentRef.of("prod-eu-1", "shop", "cart-" + i);
      rig.registry().history(d, TestRig.V1, TestRig.V2);
      rig.cluster().running(d, TestRig.V2.id());
      out.add(d);
    }
    return out;
  }

  @Property(tries = 200)
  void closeCompletesEveryFutureAndStartAfterCloseIsRefused(
      @ForAll("scenarios") ScenarioScript scenario,
      @ForAll @IntRange(min = 1, max = 3) int runs,
      @ForAll @IntRange(min = 0, max = 900) int closeAfterSeconds,
      @ForAll boolean withStore) {
    TestRig rig = TestRig.create();
    scenario.applyTo(rig.script());
    InMemoryRunStore store = InMemoryRunStore.create();
    if (withStore) {
      rig.customize(b -> b.runStore(store));
    }
    List<DeploymentRef> deployments = deployments(rig, runs);
    RollbackEngine engine = rig.engine();
    List<CompletableFuture<RunResult>> futures = deployments.stream().map(d -> engine.start(d, TRIGGER)).toList();
    rig.time().advance(Duration.ofSeconds(closeAfterSeconds));

    engine.close();

    int abandoned = 0;
    for (int i = 0; i < runs; i++) {
      CompletableFuture<RunResult> future = futures.get(i);
      assertTrue(future.isDone(), "close() completed the future of the run of " + deployments.get(i));
      assertTrue(engine.inProgress(deployments.get(i)).isEmpty(), "nothing stays in progress");
      if (future.isCompletedExceptionally()) {
        CompletionException e = assertThrows(CompletionException.class, future::join);
        EngineClosedException closed = assertInstanceOf(EngineClosedException.class, e.getCause());
        abandoned++;
        // Issue 13: a run nobody will resume still tells the on-call engineer, or says why it could not.
        boolean told = rig.notifier().delivered().stream().anyMatch(n -> n.kind() == NotificationKind.RUN_FINISHED
            && n.runId().equals(closed.runId()) && n.outcome() == RunOutcome.MANUAL_NEEDED
            && n.title().contains("stopped unfinished"));
        if (withStore) {
          assertFalse(told, "a resumable run is left for the engine that resumes it to notify");
        } else {
          String message = String.valueOf(closed.getMessage());
          assertTrue(told ? message.contains("the on-call engineer was told via pager")
              : message.contains("telling the on-call engineer failed"), message);
        }
      }
    }
    CompletableFuture<RunResult> late = engine.start(TestRig.CHECKOUT, TRIGGER);
    assertTrue(late.isDone(), "start() after close() answers at once");
    assertInstanceOf(EngineClosedException.class, assertThrows(CompletionException.class, late::join).getCause());
    assertTrue(engine.inProgress(TestRig.CHECKOUT).isEmpty());
    assertTrue(rig.time().runUntil(engine.resumeUnfinished()).isEmpty(), "a closed engine resumes nothing");

    if (withStore) {
      assertEquals(abandoned, store.unfinished().size(), "every stopped run is unfinished in the store");
      RollbackEngine other = rig.engineOn(CrashableScheduler.on(rig.time()), b -> b.runStore(store).holderId("other"));
      List<CompletableFuture<RunResult>> resumed = rig.time().runUntil(other.resumeUnfinished());
      rig.time().runUntilIdle();
      for (CompletableFuture<RunResult> r : resumed) {
        assertTrue(r.isDone() && !r.isCompletedExceptionally(), "another engine finished the stopped run");
      }
      assertTrue(store.unfinished().isEmpty());
    }
  }

  @Property(tries = 200)
  void runsGivenTheSameIdAllEndWithTheirOwnIdAndNotification(
      @ForAll("scenarios") ScenarioScript scenario,
      @ForAll @IntRange(min = 2, max = 4) int runs,
      @ForAll @IntRange(min = 1, max = 2) int distinctIds,
      @ForAll boolean sequential,
      @ForAll boolean withStore) {
    TestRig rig = TestRig.create();
    scenario.applyTo(rig.script());
    InMemoryRunStore store = InMemoryRunStore.create();
    int[] calls = {0};
    rig.customize(b -> {
      b.runIds(d -> RunId.of("dup-" + (calls[0]++ % distinctIds)));
      return withStore ? b.runStore(store) : b;
    });
    List<DeploymentRef> deployments = deployments(rig, runs);
    List<RunResult> results = new ArrayList<>();
    if (sequential) {
      for (DeploymentRef d : deployments) {
        results.add(rig.time().runUntil(rig.engine().start(d, TRIGGER)));
      }
    } else {
      List<CompletableFuture<RunResult>> futures = deployments.stream().map(d -> rig.engine().start(d, TRIGGER)).toList();
      rig.time().runUntilIdle();
      for (CompletableFuture<RunResult> f : futures) {
        assertTrue(f.isDone() && !f.isCompletedExceptionally(), "no run is lost: " + f);
        results.add(f.join());
      }
    }
    Set<RunId> ids = new HashSet<>();
    for (RunResult result : results) {
      assertTrue(ids.add(result.runId()), "run ids are unique: " + result.runId() + " twice");
      long finished = rig.notifier().delivered(NotificationKind.RUN_FINISHED, Audience.ON_CALL).stream()
          .filter(n -> n.runId().equals(result.runId())).count()
          + result.notifications().stream().filter(r -> r.kind() == NotificationKind.RUN_FINISHED
              && r.notifier().equals("log")).count();
      assertEquals(1, finished, "run " + result.runId() + " has its own terminal notification");
      if (withStore) {
        assertTrue(store.load(result.runId()).orElseThrow().record().finished(), "the store knows it finished");
      }
    }
  }
}
