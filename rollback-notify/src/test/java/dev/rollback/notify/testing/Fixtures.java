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
    return new Notification(RunId.of("run-42"), CHECKOUT, NotificationKind.ROLLBACK_ALERT,
        Audience.ON_CALL, Severity.CRITICAL, "Rolling back prod-eu/shop/checkout from v2",
        "Error rate rose after the deploy of v2 <canary> & friends.", null, V2, null, null, null,
        facts, List.of(), List.of(), AT);
  }

  public static Notification finished(RunOutcome outcome, Severity severity) {
    return new Notification(RunId.of("run-42"), CHECKOUT, NotificationKind.RUN_FINISHED,
        Audience.ON_CALL, severity, "Run run-42 ended " + outcome, "The run ended.", outcome, V2, V1,
        outcome == RunOutcome.ROLLED_BACK ? null : "Wait for pods ready",
        outcome == RunOutcome.ROLLED_BACK ? null : "3 of 5 pods ready at the deadline",
        Map.of(), List.of(), List.of(), AT.plusSeconds(300))
        .withDocument(
            new Link("Postmortem", URI.create("https://wiki.example.com/postmortems/run-42")),
            new Attachment("run-42-postmortem.md", "text/markdown", "# Postmortem\n\nAll good."));
  }

  public static Notification escalation() {
    return new Notification(RunId.of("run-42"), CHECKOUT, NotificationKind.ESCALATION,
        Audience.TEAM_LEAD, Severity.CRITICAL, "Smoke tests failed on v1 of prod-eu/shop/checkout",
        "Traffic shifted to v1 but 2 smoke checks failed.", null, V2, V1, "Run smoke tests",
        "GET /healthz: status 503, expected 200", Map.of(), List.of(), List.of(), AT.plusSeconds(200));
  }
}
