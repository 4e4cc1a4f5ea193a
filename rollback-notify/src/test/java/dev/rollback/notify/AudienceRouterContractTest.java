package dev.rollback.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollback.notify.testing.Delivered;
import dev.rollback.notify.testing.Fixtures;
import dev.rollback.notify.testing.Shapes;
import dev.rollback.spi.Audience;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.helpers.Secret;
import dev.rollback.testkit.contract.NotifierContract;
import dev.rollback.testkit.http.LoopbackServer;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The testkit's {@link NotifierContract} for the audience router: on-call goes to Slack and a
 * webhook, the team lead to a second Slack channel. Each notification must reach exactly the
 * destinations of its audience, once each: the router skips, on a repeat, the destinations that
 * already accepted it.
 */
class AudienceRouterContractTest extends NotifierContract {
  private static final String ON_CALL_HOOK = "/services/oncall";
  private static final String AUDIT_HOOK = "/audit";
  private static final String LEAD_HOOK = "/services/leads";
  private LoopbackServer onCallSlack;
  private LoopbackServer audit;
  private LoopbackServer leadSlack;

  @BeforeEach
  void start() throws Exception {
    onCallSlack = LoopbackServer.start();
    audit = LoopbackServer.start();
    leadSlack = LoopbackServer.start();
  }

  @AfterEach
  void stop() {
    onCallSlack.close();
    audit.close();
    leadSlack.close();
  }

  @Override
  protected Notifier notifier() {
    Notifier oncall = Notifiers.slack(SlackConfig.builder(Secret.of(onCallSlack.url(ON_CALL_HOOK)))
        .name("slack-oncall").delivery(Fixtures.fastPolicy().build()).build());
    Notifier webhook = Notifiers.webhook(WebhookConfig.builder(Secret.of(audit.url(AUDIT_HOOK)))
        .name("audit").delivery(Fixtures.fastPolicy().build()).build());
    Notifier leads = Notifiers.slack(SlackConfig.builder(Secret.of(leadSlack.url(LEAD_HOOK)))
        .name("slack-leads").delivery(Fixtures.fastPolicy().build()).build());
    return Notifiers.routed(AudienceRoutes.of(oncall, webhook).withTeamLead(leads));
  }

  @Override
  protected void assertDelivered(Notification n) throws Exception {
    if (n.audience() == Audience.TEAM_LEAD) {
      Delivered.slack(once(leadSlack, "the team lead's Slack"), LEAD_HOOK, n);
      assertEquals(0, onCallSlack.fresh().size(), "on-call Slack must not get the team lead's notification");
      assertEquals(0, audit.fresh().size(), "the on-call webhook must not get the team lead's notification");
    } else {
      Delivered.slack(once(onCallSlack, "on-call Slack"), ON_CALL_HOOK, n);
      Delivered.webhook(once(audit, "the on-call webhook"), AUDIT_HOOK, n);
      assertEquals(0, leadSlack.fresh().size(), "the team lead's Slack must not get an on-call notification");
    }
  }

  private static LoopbackServer.Received once(LoopbackServer server, String destination) {
    var fresh = server.fresh();
    assertEquals(1, fresh.size(), destination + " received " + fresh.size() + " requests, expected one");
    return fresh.get(0);
  }

  private Optional<String> lastAuditKey = Optional.empty();

  /**
   * The audit webhook's idempotency id of its newest request; the router sends a repeat to no
   * destination that already took it, so after a repeat the newest request is still the first.
   */
  @Override
  protected Optional<String> receivedDeduplicationKey() throws Exception {
    var fresh = audit.fresh();
    if (!fresh.isEmpty()) {
      lastAuditKey = Optional.of(Shapes.parse(fresh.get(fresh.size() - 1).text()).path("id").asText());
    }
    return lastAuditKey;
  }
}
