package dev.rollback.notify;

import dev.rollback.notify.testing.Delivered;
import dev.rollback.notify.testing.Fixtures;
import dev.rollback.notify.testing.Shapes;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.testkit.contract.NotifierContract;
import dev.rollback.testkit.http.LoopbackServer;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The testkit's {@link NotifierContract} for the PagerDuty notifier, against a loopback Events API
 * that answers 202 as PagerDuty does. Resolving on a rolled-back run is on, so both the trigger and
 * the resolve event are covered.
 */
class PagerDutyNotifierContractTest extends NotifierContract {
  private static final String KEY = "R0UT1NG0KEY0contract0123456789ab";
  private static final String ACCEPTED =
      "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"rollback:contract-run-1\"}";
  private LoopbackServer server;

  @BeforeEach
  void start() throws Exception {
    server = LoopbackServer.start(LoopbackServer.Reply.of(202, ACCEPTED));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Override
  protected Notifier notifier() {
    return Notifiers.pagerDuty(PagerDutyConfig.builder(Secret.of(KEY))
        .eventsUrl(server.url("/v2/enqueue"))
        .resolveWhenRolledBack(true)
        .delivery(Fixtures.fastPolicy().build())
        .build());
  }

  @Override
  protected void assertDelivered(Notification n) throws Exception {
    boolean resolves = n.kind() == NotificationKind.RUN_FINISHED && n.outcome() == RunOutcome.ROLLED_BACK;
    Delivered.pagerDuty(Delivered.newest(server, "pagerduty"), KEY, n, resolves);
  }

  @Override
  protected Optional<String> receivedDeduplicationKey() throws Exception {
    return Optional.of(Shapes.parse(Delivered.newest(server, "pagerduty").text()).path("dedup_key").asText());
  }
}
