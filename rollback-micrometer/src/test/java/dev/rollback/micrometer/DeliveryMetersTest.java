package dev.rollback.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rollback.core.PublicationRecord;
import dev.rollback.core.RunResult;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.core.postmortem.PostmortemPublisher;
import dev.rollback.spi.Audience;
import dev.rollback.spi.NotificationKind;
import dev.rollback.testkit.Behavior;
import dev.rollback.testkit.Op;
import dev.rollback.testkit.TestRig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Notification attempts and failures per notifier and audience; postmortems published and failed per publisher. */
class DeliveryMetersTest {
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final RollbackObservability observability = RollbackObservability.builder().meterRegistry(meters).build();
  final TestRig rig = TestRig.create().listener(observability.runListener());

  @Test
  void aFailedNotificationAttemptIsCountedAsAnAttemptAndAFailureOfItsNotifier() {
    rig.script().then(Op.NOTIFY, Behavior.fail("slack is down"));

    RunResult result = rig.run(Scenario.MANUAL);

    assertEquals(3, result.notifications().size(), "the alert failed once, then went out; then the terminal one");
    assertEquals(2.0, meters.get("rollback.notification.attempts").tags("notifier", "pager",
        "audience", Audience.ON_CALL.name(), "kind", NotificationKind.ROLLBACK_ALERT.name()).counter().count());
    assertEquals(1.0, meters.get("rollback.notification.failures").tags("notifier", "pager",
        "audience", Audience.ON_CALL.name(), "kind", NotificationKind.ROLLBACK_ALERT.name()).counter().count());
    assertNull(meters.find("rollback.notification.failures").tag("kind", NotificationKind.RUN_FINISHED.name())
        .counter(), "the terminal notification went out at once");
  }

  @Test
  void whenEveryAttemptFailsTheErrorLogIsCountedAsTheFailedNotifierLog() {
    rig.script().always(Op.NOTIFY, Behavior.fail("pager is down"));

    RunResult result = rig.run(Scenario.MANUAL);

    long failed = result.notifications().stream().filter(n -> !n.delivered()).count();
    double counted = meters.find("rollback.notification.failures").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    assertEquals(failed, (long) counted);
    for (NotificationKind kind : new NotificationKind[] {NotificationKind.ROLLBACK_ALERT, NotificationKind.RUN_FINISHED}) {
      assertEquals(1.0, meters.get("rollback.notification.failures").tags("notifier", "log", "kind", kind.name())
          .counter().count(), kind + " went to the ERROR log");
    }
  }

  @Test
  void postmortemsPublishedAndFailedAreCountedPerPublisher() {
    int[] calls = {0};
    PostmortemPublisher wiki = publisher("wiki", () -> {
      if (calls[0]++ == 0) {
        throw new IllegalStateException("wiki returned 503");
      }
    });
    PostmortemPublisher broken = publisher("bucket", () -> {
      throw new IllegalStateException("access denied");
    });
    rig.customize(b -> b.postmortemPublisher(wiki).postmortemPublisher(broken));

    RunResult result = rig.run(Scenario.MANUAL);

    long wikiFailures = result.publications().stream()
        .filter(p -> p.publisher().equals("wiki") && !p.published()).count();
    long bucketFailures = result.publications().stream()
        .filter(p -> p.publisher().equals("bucket") && !p.published()).count();
    assertEquals(1, wikiFailures);
    assertEquals(1.0, meters.get("rollback.postmortem.published").tag("publisher", "wiki").counter().count());
    assertEquals(1.0, meters.get("rollback.postmortem.failures").tag("publisher", "wiki").counter().count());
    assertEquals((double) bucketFailures,
        meters.get("rollback.postmortem.failures").tag("publisher", "bucket").counter().count());
    assertNull(meters.find("rollback.postmortem.published").tag("publisher", "bucket").counter());
    assertEquals(result.publications().size(), (int) (meters.find("rollback.postmortem.published").counters()
        .stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum()
        + meters.find("rollback.postmortem.failures").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()), "every attempt is counted once");
    assertEquals(true, result.publications().stream().anyMatch(PublicationRecord::published));
  }

  private interface Attempt {
    void run();
  }

  private static PostmortemPublisher publisher(String name, Attempt attempt) {
    return new PostmortemPublisher() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Optional<URI> publish(Postmortem postmortem) {
        attempt.run();
        return Optional.of(URI.create("https://wiki.example.com/postmortems/" + postmortem.runId()));
      }
    };
  }
}
