package dev.rollback.spi.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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

  @Test
  void theClientOfATimeoutsPairConnectsWithinItsConnectTimeoutAndFollowsNoRedirects() {
    HttpClient client = HttpClients.client(new HttpTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(6)));
    assertEquals(Optional.of(Duration.ofSeconds(3)), client.connectTimeout());
    assertEquals(HttpClient.Redirect.NEVER, client.followRedirects());
    assertEquals(HttpClient.Version.HTTP_1_1, client.version());
  }

  @Test
  void aRequestOfATimeoutsPairCarriesItsRequestTimeoutAndTheUri() {
    URI uri = URI.create("https://example.org/hook");
    HttpRequest request = HttpClients.request(uri, HttpTimeouts.ofDefaults().withRequestTimeout(Duration.ofMillis(1500)))
        .GET()
        .build();
    assertEquals(Optional.of(Duration.ofMillis(1500)), request.timeout());
    assertEquals(uri, request.uri());
    assertThrows(IllegalArgumentException.class,
        () -> HttpClients.request(URI.create("ftp://example.org/x"), HttpTimeouts.ofDefaults()));
    assertThrows(NullPointerException.class, () -> HttpClients.request(uri, null));
    assertThrows(NullPointerException.class, () -> HttpClients.client(null));
  }
}
