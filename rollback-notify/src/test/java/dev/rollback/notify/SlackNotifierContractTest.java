package dev.rollback.notify;

import dev.rollback.notify.testing.Delivered;
import dev.rollback.notify.testing.Fixtures;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.testkit.contract.NotifierContract;
import dev.rollback.testkit.http.LoopbackServer;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The testkit's {@link NotifierContract} for the Slack notifier, against a loopback webhook. */
class SlackNotifierContractTest extends NotifierContract {
  private static final String HOOK = "/services/T0001/B0001/contractToken";
  private LoopbackServer server;

  @BeforeEach
  void start() throws Exception {
    server = LoopbackServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Override
  protected Notifier notifier() {
    return Notifiers.slack(SlackConfig.builder(Secret.of(server.url(HOOK)))
        .delivery(Fixtures.fastPolicy().build())
        .build());
  }

  @Override
  protected void assertDelivered(Notification notification) throws Exception {
    Delivered.slack(Delivered.newest(server, "slack"), HOOK, notification);
  }

  /** Slack has no deduplication: a repeated message shows twice. */
  @Override
  protected Optional<String> receivedDeduplicationKey() {
    return Optional.empty();
  }
}
