package dev.rollback.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.testkit.RecordingNotifier;
import dev.rollback.testkit.Script;
import dev.rollback.testkit.VirtualTime;
import java.util.Optional;

class RecordingNotifierContractTest extends NotifierContract {
  private final RecordingNotifier notifier = RecordingNotifier.create(Script.on(VirtualTime.create()), "recording");

  @Override
  protected Notifier notifier() {
    return notifier;
  }

  @Override
  protected void assertDelivered(Notification notification) {
    assertTrue(notifier.delivered().contains(notification), "delivered: " + notifier.delivered());
  }

  /** The recording notifier is a test double with no deduplication: a repeat is recorded twice. */
  @Override
  protected Optional<String> receivedDeduplicationKey() {
    return Optional.empty();
  }
}
