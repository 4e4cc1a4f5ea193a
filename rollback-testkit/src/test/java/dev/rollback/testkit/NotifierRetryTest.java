package dev.rollback.testkit;

import static dev.rollback.testkit.EngineOutcomesTest.MANUAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollback.core.NotificationRecord;
import dev.rollback.core.RunResult;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine is the one retry layer for notifications (issue 13): it reads a notifier's {@code
 * NotifierException} to decide whether and when to call it again.
 */
class NotifierRetryTest {

  private static List<String> alertAttempts(RunResult result) {
    return result.notifications().stream()
        .filter(r -> r.kind() == NotificationKind.ROLLBACK_ALERT)
        .map(r -> r.notifier() + "#" + r.attempt() + ":" + r.delivered())
        .toList();
  }

  private static List<NotificationRecord> alert(RunResult result) {
    return result.notifications().stream().filter(r -> r.kind() == NotificationKind.ROLLBACK_ALERT).toList();
  }

  @Test
  void aRefusalThatIsNotRetryableGoesStraightToTheNextNotifier() {
    TestRig rig = TestRig.create();
    rig.customize(b -> b.notifier(RecordingNotifier.create(rig.script(), "backup")));
    rig.script().then(Op.NOTIFY, Behavior.refuse("pager answered 400 Bad Request", false, null));

    RunResult result = rig.run(MANUAL);

    assertEquals(List.of("pager#1:false", "backup#1:true"), alertAttempts(result));
    assertEquals(alert(result).get(0).at(), alert(result).get(1).at(), "no backoff before the next notifier");
    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
  }

  @Test
  void aRetryAfterLongerThanTheBackoffIsWaitedOut() {
    TestRig rig = TestRig.create();
    rig.script().then(Op.NOTIFY, Behavior.refuse("pager answered 429", true, Duration.ofSeconds(7)));

    RunResult result = rig.run(MANUAL);

    assertEquals(List.of("pager#1:false", "pager#2:true"), alertAttempts(result));
    assertEquals(Duration.ofSeconds(7), Duration.between(alert(result).get(0).at(), alert(result).get(1).at()),
        "the default backoff before attempt 2 is 1 s; the destination asked for 7 s");
  }

  @Test
  void aRetryAfterShorterThanTheBackoffKeepsTheBackoff() {
    TestRig rig = TestRig.create();
    rig.script().then(Op.NOTIFY, Behavior.refuse("pager answered 503", true, Duration.ofMillis(10)));

    RunResult result = rig.run(MANUAL);

    assertEquals(Duration.ofSeconds(1), Duration.between(alert(result).get(0).at(), alert(result).get(1).at()));
  }

  @Test
  void aRetryAfterBeyondTheLongestBackoffMovesOnRatherThanBreakTheDeadline() {
    TestRig rig = TestRig.create();
    rig.customize(b -> b.notifier(RecordingNotifier.create(rig.script(), "backup")));
    rig.script().then(Op.NOTIFY, Behavior.refuse("pager answered 429", true, Duration.ofMinutes(10)));

    RunResult result = rig.run(MANUAL);

    assertEquals(List.of("pager#1:false", "backup#1:true"), alertAttempts(result),
        "10 min is beyond notificationBackoffMax (30 s), which the run's deadline reserves");
    assertEquals(alert(result).get(0).at(), alert(result).get(1).at());
  }
}
