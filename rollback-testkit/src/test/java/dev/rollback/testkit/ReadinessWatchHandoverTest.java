package dev.rollback.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Subscription;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * On real threads, the engine's first readiness poll can answer before {@code watchReadiness}
 * hands over its subscription. The poll scheduled on the plain backoff in that moment must move
 * to the longest interval, as the polls after it do, so a working watch never adds polls.
 */
class ReadinessWatchHandoverTest {

  /** Answers "not ready" to polls; its watch arrives only after the first poll has answered. */
  private static final class LateWatchDriver implements ClusterDriver {
    private final InMemoryClusterDriver delegate;
    private final CountDownLatch firstPollAnswered = new CountDownLatch(1);
    private final AtomicInteger polls = new AtomicInteger();

    LateWatchDriver(InMemoryClusterDriver delegate) {
      this.delegate = delegate;
    }

    @Override
    public void scaleDown(RollbackManifest manifest) throws InterruptedException {
      delegate.scaleDown(manifest);
    }

    @Override
    public void deploy(RollbackManifest manifest) throws InterruptedException {
      delegate.deploy(manifest);
    }

    @Override
    public ReadinessSnapshot readiness(RollbackManifest manifest) {
      polls.incrementAndGet();
      firstPollAnswered.countDown();
      return ReadinessSnapshot.of(0, 3);
    }

    @Override
    public Subscription watchReadiness(RollbackManifest manifest, Consumer<ReadinessSnapshot> onChange) {
      try {
        if (!firstPollAnswered.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the engine never polled");
        }
        // Let the engine take the poll's answer (and schedule its next poll) before we answer.
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Subscription.none();
      }
      Thread pusher = new Thread(() -> {
        try {
          Thread.sleep(900);
          onChange.accept(ReadinessSnapshot.of(3, 3));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      pusher.setDaemon(true);
      pusher.start();
      return pusher::interrupt;
    }

    @Override
    public PodHealthReport podHealth(RollbackManifest manifest) throws InterruptedException {
      return delegate.podHealth(manifest);
    }

    @Override
    public void switchTraffic(RollbackManifest manifest) throws InterruptedException {
      delegate.switchTraffic(manifest);
    }

    @Override
    public void cleanup(RollbackManifest manifest) throws InterruptedException {
      delegate.cleanup(manifest);
    }
  }

  @Test
  void aWatchHandedOverAfterTheFirstPollStillStopsTheBackoffPolls() throws Exception {
    Script script = Script.realTime();
    LateWatchDriver driver = new LateWatchDriver(InMemoryClusterDriver.create(script).running(TestRig.CHECKOUT, "v2"));
    RollbackPolicy policy = RollbackPolicy.builder()
        .readinessPoll(Duration.ofMillis(400), Duration.ofMinutes(1))
        .build();
    try (RollbackEngine engine = RollbackEngine.builder()
        .versionRegistry(InMemoryVersionRegistry.create(script).history(TestRig.CHECKOUT, TestRig.V1, TestRig.V2))
        .clusterDriver(driver)
        .smokeTester(InMemorySmokeTester.create(script))
        .notifier(RecordingNotifier.create(script, "pager"))
        .policy(policy)
        .build()) {
      RunResult result = engine.start(TestRig.CHECKOUT, Trigger.manual("jane", "test")).get(30, TimeUnit.SECONDS);

      assertEquals(RunOutcome.ROLLED_BACK, result.outcome(), result.journal().toString());
      // Without the hand-over rule the engine would also poll at 400 ms (and at 1.2 s) while the
      // watch already worked; the pods are reported ready by the watch at about 950 ms.
      assertEquals(1, driver.polls.get(), "readiness polls while the watch worked");
      assertTrue(result.journal().stream().anyMatch(e -> e.detail().contains("3/3 pods ready")),
          result.journal().toString());
    }
  }
}
