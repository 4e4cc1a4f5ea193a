package dev.rollback.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.rollback.spi.Audience;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Severity;
import dev.rollback.spi.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Notifier}: every kind of notification is delivered, a repeat does not
 * throw, the destination received what was sent ({@link #assertDelivered}), and, as the SPI asks,
 * a repeated notification does not page twice: where the destination deduplicates, a repeat
 * carries the same deduplication key and another run's notification another one ({@link
 * #receivedDeduplicationKey}).
 */
public abstract class NotifierContract {

  /** Returns a fresh notifier pointed at a test destination. */
  protected abstract Notifier notifier() throws Exception;

  /** Asserts that the test destination received {@code notification}, in the adapter's format. */
  protected abstract void assertDelivered(Notification notification) throws Exception;

  /**
   * Returns the deduplication key the test destination received with its newest delivery (a
   * PagerDuty {@code dedup_key}, a webhook's idempotency id), or empty for a destination that has
   * no deduplication, where a repeat shows twice (Slack). Every adapter answers it, so that none
   * forgets the SPI's "a repeat does not page twice".
   */
  protected abstract Optional<String> receivedDeduplicationKey() throws Exception;

  /**
   * Returns the deployment the sample notifications are about; an adapter whose destination must
   * know it (an Event is attached to the Deployment) returns one that exists there.
   */
  protected DeploymentRef deployment() {
    return DeploymentRef.of("contract", "shop", "checkout");
  }

  /** Returns a notification of {@code kind} for {@code audience}, as the engine would send. */
  protected Notification sample(NotificationKind kind, Audience audience, @Nullable RunOutcome outcome) {
    return sample(RunId.of("contract-run-1"), kind, audience, outcome);
  }

  /** Returns a notification of run {@code runId}, of {@code kind} for {@code audience}. */
  protected Notification sample(RunId runId, NotificationKind kind, Audience audience, @Nullable RunOutcome outcome) {
    return Notification.builder()
        .runId(runId)
        .deployment(deployment())
        .kind(kind)
        .audience(audience)
        .severity(outcome == null ? Severity.WARNING : Severity.CRITICAL)
        .title(kind + " for shop/checkout")
        .message("The contract test sends this " + kind + ".")
        .outcome(outcome)
        .from(Version.of("v2", "app", "registry.example.com/shop/checkout:1.5.0"))
        .to(Version.of("v1", "app", "registry.example.com/shop/checkout:1.4.1"))
        .failedStep(outcome == RunOutcome.ROLLED_BACK || outcome == null ? null : "Wait for pods ready")
        .cause(outcome == RunOutcome.ROLLED_BACK || outcome == null ? null : "pods not ready within 10m")
        .facts(Map.of("run", runId.value()))
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  @Test
  void hasAName() throws Exception {
    String name = notifier().name();
    assertNotNull(name);
    assertFalse(name.isBlank());
  }

  @Test
  void deliversTheRollbackAlert() throws Exception {
    Notification n = sample(NotificationKind.ROLLBACK_ALERT, Audience.ON_CALL, null);
    notifier().send(n);
    assertDelivered(n);
  }

  @Test
  void deliversTheEscalationToTheTeamLead() throws Exception {
    Notification n = sample(NotificationKind.ESCALATION, Audience.TEAM_LEAD, null);
    notifier().send(n);
    assertDelivered(n);
  }

  @Test
  void deliversEveryOutcomeAndARepeatDoesNotThrow() throws Exception {
    Notifier notifier = notifier();
    for (RunOutcome outcome : RunOutcome.values()) {
      Notification n = sample(NotificationKind.RUN_FINISHED, Audience.ON_CALL, outcome);
      notifier.send(n);
      assertDelivered(n);
      assertDoesNotThrow(() -> notifier.send(n), "sending the same notification again");
    }
  }

  @Test
  void aRepeatDoesNotPageTwice() throws Exception {
    Notifier notifier = notifier();
    Notification n = sample(NotificationKind.RUN_FINISHED, Audience.ON_CALL, RunOutcome.NEEDS_ATTENTION);
    notifier.send(n);
    Optional<String> first = receivedDeduplicationKey();
    Assumptions.assumeTrue(first.isPresent(), "the destination has no deduplication: a repeat shows twice");
    notifier.send(n);
    assertEquals(first, receivedDeduplicationKey(), "a repeat carries the same key, so it pages once");
    notifier.send(sample(RunId.of("contract-run-2"), NotificationKind.RUN_FINISHED, Audience.ON_CALL,
        RunOutcome.NEEDS_ATTENTION));
    assertNotEquals(first, receivedDeduplicationKey(), "another run's notification is a page of its own");
  }
}
