package dev.rollback.notify;

import dev.rollback.notify.testing.Delivered;
import dev.rollback.notify.testing.Fixtures;
import dev.rollback.notify.testing.Shapes;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.testkit.contract.NotifierContract;
import dev.rollback.testkit.http.LoopbackServer;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The testkit's {@link NotifierContract} for the generic webhook notifier, signed. */
class WebhookNotifierContractTest extends NotifierContract {
  private static final String PATH = "/hooks/rollback";
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
    return Notifiers.webhook(WebhookConfig.builder(Secret.of(server.url(PATH)))
        .signingSecret(Secret.of("whsec-contract"))
        .delivery(Fixtures.fastPolicy().build())
        .build());
  }

  @Override
  protected void assertDelivered(Notification notification) throws Exception {
    Delivered.webhook(Delivered.newest(server, "webhook"), PATH, notification);
  }

  @Override
  protected Optional<String> receivedDeduplicationKey() throws Exception {
    return Optional.of(Shapes.parse(Delivered.newest(server, "webhook").text()).path("id").asText());
  }
}
