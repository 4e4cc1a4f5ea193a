package dev.rollback.notify.testing;

import dev.rollback.notify.DeliveryPolicy;
import dev.rollback.spi.Attachment;
import dev.rollback.spi.Audience;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.Link;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Severity;
import dev.rollback.spi.Version;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Notifications and policies for the tests. */
public final class Fixtures {
  public static final Instant AT = Instant.parse("2026-11-27T07:18:00Z");
  public static final DeploymentRef CHECKOUT = DeploymentRef.of("prod-eu", "shop", "checkout");
  public static final Version V2 = Version.of("v2", "app", "registry.example.com/shop/checkout:2.0");
  public static final Version V1 = Version.of("v1", "app", "registry.example.com/shop/checkout:1.0");

  private Fixtures() {}

  /** Returns a fast policy: 2 s connect and request timeouts. */
  public static DeliveryPolicy.Builder fastPolicy() {
    return DeliveryPolicy.builder()
        .connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(2));
  }

  public static Notification alert() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("detector", "error rate 7.5% > 2% for 5m");
    facts.put("p99 latency", "830 ms");
    return Notification.builder()
        .runId(RunId.of("run-42"))
        .deployment(CHECKOUT)
        .kind(NotificationKind.ROLLBACK_ALERT)
        .audience(Audience.ON_CALL)
        .severity(Severity.CRITICAL)
        .title("Rolling back prod-eu/shop/checkout from v2")
        .message("Error rate rose after the deploy of v2 <canary> & friends.")
        .from(V2)
        .facts(facts)
        .createdAt(AT)
        .build();
  }

  public static Notification finished(RunOutcome outcome, Severity severity) {
    return Notification.builder()
        .runId(RunId.of("run-42"))
        .deployment(CHECKOUT)
        .kind(NotificationKind.RUN_FINISHED)
        .audience(Audience.ON_CALL)
        .severity(severity)
        .title("Run run-42 ended " + outcome)
        .message("The run ended.")
        .outcome(outcome)
        .from(V2)
        .to(V1)
        .failedStep(outcome == RunOutcome.ROLLED_BACK ? null : "Wait for pods ready")
        .cause(outcome == RunOutcome.ROLLED_BACK ? null : "3 of 5 pods ready at the deadline")
        .createdAt(AT.plusSeconds(300))
        .build()
        .withDocument(
            new Link("Postmortem", URI.create("https://wiki.example.com/postmortems/run-42")),
            new Attachment("run-42-postmortem.md", "text/markdown", "# Postmortem\n\nAll good."));
  }

  public static Notification escalation() {
    return Notification.builder()
        .runId(RunId.of("run-42"))
        .deployment(CHECKOUT)
        .kind(NotificationKind.ESCALATION)
        .audience(Audience.TEAM_LEAD)
        .severity(Severity.CRITICAL)
        .title("Smoke tests failed on v1 of prod-eu/shop/checkout")
        .message("Traffic shifted to v1 but 2 smoke checks failed.")
        .from(V2)
        .to(V1)
        .failedStep("Run smoke tests")
        .cause("GET /healthz: status 503, expected 200")
        .createdAt(AT.plusSeconds(200))
        .build();
  }
}
