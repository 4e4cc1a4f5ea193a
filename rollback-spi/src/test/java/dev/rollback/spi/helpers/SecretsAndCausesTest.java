package dev.rollback.spi.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class SecretsAndCausesTest {

  @Test
  void aSecretNeverPrints() {
    Secret secret = Secret.of("xoxb-123-secret");
    assertEquals("****", secret.toString());
    assertEquals("****", String.valueOf(List.of(secret)).replace("[", "").replace("]", ""));
    assertEquals("xoxb-123-secret", secret.reveal());
    assertEquals(Secret.of("xoxb-123-secret"), secret);
    assertNotEquals(Secret.of("other-value"), secret);
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> Secret.of(" "));
    assertEquals(List.of("Secret.value must not be null or blank"), e.problems());
    assertThrows(InvalidConfigurationException.class, () -> Secret.of(null));
  }

  @Test
  void causesAreUnwrappedAndDescribedInOneLine() {
    IOException io = new IOException("connection reset");
    Throwable wrapped = new CompletionException(new ExecutionException(io));
    assertEquals(io, Causes.unwrap(wrapped));
    assertEquals("java.io.IOException: connection reset", Causes.describe(wrapped));
    assertEquals("java.lang.IllegalStateException", Causes.describe(new IllegalStateException()));
    Redactor redactor = Redactor.of(List.of(Secret.of("Bearer tok-981xyz")));
    assertEquals("IOException: refused ****", Causes.describe(new IOException("refused tok-981xyz"), redactor));
    assertFalse(Causes.describe(new IOException("token tok-981xyz leaked"), redactor).contains("tok-981xyz"));
    assertEquals("IOException", Causes.describe(new IOException(" "), Redactor.none()));
    assertEquals("text tok-981xyz", Redactor.none().redact("text tok-981xyz"));
  }

  @Test
  void theSystemSleeperWaitsAndHonoursInterrupts() throws InterruptedException {
    long start = System.nanoTime();
    Sleeper.system().sleep(Duration.ofMillis(20));
    assertTrue(System.nanoTime() - start >= 20_000_000L, "slept at least as long as asked");
    Sleeper.system().sleep(Duration.ofSeconds(-1));
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> Sleeper.system().sleep(Duration.ofSeconds(10)));
    assertFalse(Thread.currentThread().isInterrupted());
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> Sleeper.system().sleep(Duration.ZERO),
        "a zero sleep still reports a pending interrupt");
  }

  @Test
  void anExcerptIsRedactedOnOneLineAndCut() {
    Redactor redactor = Redactor.of(List.of(Secret.of("Bearer tok-981xyz")));
    assertEquals("error: token **** refused", Excerpt.of("  error:\n token tok-981xyz\trefused \n", 80, redactor));
    assertEquals("abcd…", Excerpt.truncate("abcdefgh", 5));
    assertEquals("ab…", Excerpt.truncate("ab\ud83d\ude00cd", 4), "a surrogate pair is not split");
    assertEquals("short", Excerpt.truncate("short", 5));
    assertThrows(IllegalArgumentException.class, () -> Excerpt.truncate("x", 0));
  }
}
