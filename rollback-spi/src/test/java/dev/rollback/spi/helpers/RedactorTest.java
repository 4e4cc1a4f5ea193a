package dev.rollback.spi.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor redactor = Redactor.of(List.of(
      Secret.of("https://hooks.slack.com/services/T0001/B0001/XyZsecretToken42"),
      Secret.of("https://api.example.com/hook?team=pay&token=abc123def"),
      Secret.of("Bearer tok-981xyz")));

  @Test
  void redactsWholeValuesAndThePiecesServersEcho() {
    assertEquals("posting to **** failed",
        redactor.redact("posting to https://hooks.slack.com/services/T0001/B0001/XyZsecretToken42 failed"));
    assertEquals("no_team for ****", redactor.redact("no_team for /services/T0001/B0001/XyZsecretToken42"));
    assertEquals("token **** revoked", redactor.redact("token abc123def revoked"));
    assertEquals("bad credential ****", redactor.redact("bad credential tok-981xyz"));
    assertEquals("Bearer scheme and services are not secret",
        redactor.redact("Bearer scheme and services are not secret"));
  }

  @Test
  void attachesACauseOnlyWhenItsChainIsClean() {
    IOException clean = new IOException("connection reset", new IOException("broken pipe"));
    IOException leaky = new IOException("wrapper", new IOException("GET https://api.example.com/hook?team=pay&token=abc123def"));

    assertSame(clean, redactor.safeCause(clean));
    assertNull(redactor.safeCause(leaky));
    assertTrue(redactor.leaks("…abc123def…"));
    assertFalse(redactor.leaks(null));
    assertEquals("IOException: GET ****", Causes.describe(leaky.getCause(), redactor));
  }
}
