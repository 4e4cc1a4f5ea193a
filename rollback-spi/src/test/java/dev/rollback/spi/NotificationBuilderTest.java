package dev.rollback.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationBuilderTest {
  private static final RunId RUN = RunId.of("run-7");
  private static final DeploymentRef CHECKOUT = DeploymentRef.of("prod-eu", "shop", "checkout");
  private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

  private static Notification.Builder alert() {
    return Notification.builder()
        .runId(RUN)
        .deployment(CHECKOUT)
        .kind(NotificationKind.ROLLBACK_ALERT)
        .audience(Audience.ON_CALL)
        .severity(Severity.CRITICAL)
        .title("Rolling back checkout")
        .createdAt(AT);
  }

  @Test
  void theBuilderMakesWhatTheCanonicalConstructorMakes() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("detector", "error ratio 2.1x");
    Link link = new Link("Postmortem", URI.create("https://wiki.example.com/pm/run-7"));
    Version v2 = Version.of("v2", "app", "registry.example.com/shop/checkout:2");

    Notification built = alert()
        .message("Errors rose.")
        .from(v2)
        .failedStep("Wait for pods ready")
        .cause("1 of 3 ready")
        .facts(facts)
        .links(List.of(link))
        .build();

    assertEquals(
        new Notification(RUN, CHECKOUT, NotificationKind.ROLLBACK_ALERT, Audience.ON_CALL,
            Severity.CRITICAL, "Rolling back checkout", "Errors rose.", null, v2, null,
            "Wait for pods ready", "1 of 3 ready", facts, List.of(link), List.of(), AT),
        built);
  }

  @Test
  void defaultsAreAnEmptyMessageAndNoFactsLinksOrAttachments() {
    Notification n = alert().build();

    assertEquals("", n.message());
    assertEquals(Map.of(), n.facts());
    assertEquals(List.of(), n.links());
    assertEquals(List.of(), n.attachments());
    assertNull(n.outcome());
  }

  @Test
  void aCopiedBuilderChangesOnlyWhatIsSet() {
    Notification first = alert().message("first").build();

    Notification second = Notification.builder(first).message("second").build();

    assertEquals("second", second.message());
    assertEquals(first, Notification.builder(second).message("first").build());
  }

  @Test
  void aMissingRequiredFieldIsNamed() {
    InvalidValueException e = assertThrows(InvalidValueException.class,
        () -> Notification.builder().runId(RUN).deployment(CHECKOUT).build());

    assertEquals("Notification.kind must not be null", e.getMessage());
  }

  @Test
  void theConstructorsRulesStillHold() {
    InvalidValueException blank = assertThrows(InvalidValueException.class, () -> alert().title(" ").build());
    assertTrue(blank.getMessage().contains("Notification.title"), blank.getMessage());

    InvalidValueException noOutcome = assertThrows(InvalidValueException.class,
        () -> alert().kind(NotificationKind.RUN_FINISHED).build());
    assertEquals("Notification.outcome must be set when kind is RUN_FINISHED", noOutcome.getMessage());
  }
}
