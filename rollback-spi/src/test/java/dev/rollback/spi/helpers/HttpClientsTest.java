package dev.rollback.spi.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

  @Test
  void theSharedClientFollowsNoRedirectsSpeaksHttp11AndTimesOutConnecting() {
    HttpClient client = HttpClients.noRedirects(Duration.ofSeconds(3));
    assertEquals(HttpClient.Redirect.NEVER, client.followRedirects());
    assertEquals(HttpClient.Version.HTTP_1_1, client.version());
    assertEquals(Optional.of(Duration.ofSeconds(3)), client.connectTimeout());
  }

  @Test
  void aConnectTimeoutThatIsNotPositiveIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> HttpClients.noRedirects(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> HttpClients.noRedirects(null));
  }
}
