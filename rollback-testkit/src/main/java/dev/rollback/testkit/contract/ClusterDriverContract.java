package dev.rollback.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.ClusterDriver;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ClusterDriver}: a whole rollback of {@link #manifest()} succeeds, each
 * state-changing step is idempotent, readiness answers quickly and settles once the previous
 * version runs.
 */
public abstract class ClusterDriverContract {

  /** Returns a fresh driver on a cluster where {@link #manifest()} can be applied. */
  protected abstract ClusterDriver driver() throws Exception;

  /** Returns a manifest that rolls a deployment of the fixture cluster back to a healthy version. */
  protected abstract RollbackManifest manifest();

  /**
   * Lets the fixture cluster make progress (e.g. advance virtual time, or let a simulator mark pods
   * ready). The default does nothing.
   */
  protected void letTheClusterProgress() throws Exception {}

  /** Returns how long, in real time, readiness may take to settle. */
  protected Duration readinessTimeout() {
    return Duration.ofSeconds(30);
  }

  @Test
  void validateAnswersAListForAnApplicableManifest() throws Exception {
    List<String> problems = driver().validate(manifest());
    assertNotNull(problems, "validate must not answer null");
    assertTrue(problems.isEmpty(), "the fixture manifest can be applied, but: " + problems);
  }

  @Test
  void aWholeRollbackSucceedsAndEveryStepIsIdempotent() throws Exception {
    ClusterDriver driver = driver();
    RollbackManifest m = manifest();
    driver.scaleDown(m);
    assertDoesNotThrow(() -> driver.scaleDown(m), "scaleDown twice");
    driver.deploy(m);
    assertDoesNotThrow(() -> driver.deploy(m), "deploy twice");
    ReadinessSnapshot snapshot = awaitSettled(driver, m);
    assertTrue(snapshot.complete(), "the restored version becomes ready: " + snapshot);
    PodHealthReport health = driver.podHealth(m);
    assertNotNull(health, "podHealth must not answer null");
    assertTrue(health.allHealthy(), health.summary());
    driver.switchTraffic(m);
    assertDoesNotThrow(() -> driver.switchTraffic(m), "switchTraffic twice");
    driver.cleanup(m);
    assertDoesNotThrow(() -> driver.cleanup(m), "cleanup twice");
  }

  @Test
  void aReadinessWatchCanBeCancelledTwice() throws Exception {
    ClusterDriver driver = driver();
    Subscription subscription = driver.watchReadiness(manifest(), s -> {});
    assertNotNull(subscription, "watchReadiness must not answer null; use Subscription.none()");
    subscription.cancel();
    assertDoesNotThrow(subscription::cancel);
  }

  @Test
  void readinessAnswersWithoutWaitingForThePods() throws Exception {
    ClusterDriver driver = driver();
    RollbackManifest m = manifest();
    driver.deploy(m);
    long start = System.nanoTime();
    ReadinessSnapshot snapshot = driver.readiness(m);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertNotNull(snapshot, "readiness must not answer null");
    assertFalse(took.compareTo(Duration.ofSeconds(5)) > 0, "readiness took " + took + "; it must answer at once");
  }

  private ReadinessSnapshot awaitSettled(ClusterDriver driver, RollbackManifest m) throws Exception {
    Instant deadline = Instant.now().plus(readinessTimeout());
    ReadinessSnapshot snapshot = driver.readiness(m);
    while (!snapshot.settled() && Instant.now().isBefore(deadline)) {
      letTheClusterProgress();
      snapshot = driver.readiness(m);
      if (!snapshot.settled()) {
        Thread.sleep(20); // real time: the contract runs against real clusters and simulators
      }
    }
    return snapshot;
  }
}
