package dev.rollback.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Notifier}: every kind of notification is delivered, a repeat does not
 * throw, and the destination received what was sent ({@link #assertDelivered}).
 */
public abstract class NotifierContract {

  /** Returns a fresh notifier pointed at a test destination. */
  protected abstract Notifier notifier() throws Exception;

  /** Asserts that the test destination received {@code notification}, in the adapter's format. */
  protected abstract void assertDelivered(Notification notification) throws Exception;

  /**
   * Returns the deployment the sample notifications are about; an adapter whose destination must
   * know it (an Event is attached to the Deployment) returns one that exists there.
   */
  protected DeploymentRef deployment() {
    return DeploymentRef.of("contract", "shop", "checkout");
  }

  /** Returns a notification of {@code kind} for {@code audience}, as the engine would send. */
  protected Notification sample(NotificationKind kind, Audience audience, @Nullable RunOutcome outcome) {
    return new Notification(
        RunId.of("contract-run-1"),
        deployment(),
        kind,
        audience,
        outcome == null ? Severity.WARNING : Severity.CRITICAL,
        kind + " for shop/checkout",
        "The contract test sends this " + kind + ".",
        outcome,
        Version.of("v2", "app", "registry.example.com/shop/checkout:1.5.0"),
        Version.of("v1", "app", "registry.example.com/shop/checkout:1.4.1"),
        outcome == RunOutcome.ROLLED_BACK || outcome == null ? null : "Wait for pods ready",
        outcome == RunOutcome.ROLLED_BACK || outcome == null ? null : "pods not ready within 10m",
        Map.of("run", "contract-run-1"),
        List.of(),
        List.of(),
        Instant.parse("2026-01-01T00:00:00Z"));
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
}
