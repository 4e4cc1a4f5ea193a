package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading kubectl's {@code -v=6} log: every round-tripper line is a request, or the parse fails. */
class KubectlRequestsTest {
  private static final String LOG = String.join("\n",
      "I1201 21:20:34.394496   28387 envvar.go:172] \"Feature gate default state\" feature=\"WatchListClient\" enabled=true",
      "I1201 21:20:34.410480   28387 round_trippers.go:632] \"Response\" verb=\"GET\" url=\"https://127.0.0.1:6443/api?timeout=32s\" status=\"200 OK\" milliseconds=15",
      "deployment.apps/checkout rolled back",
      "I1201 21:20:34.416179   28387 round_trippers.go:632] \"Response\" verb=\"PATCH\" url=\"https://127.0.0.1:6443/apis/apps/v1/namespaces/rb-1/deployments/checkout?fieldManager=kubectl-rollout\" status=\"200 OK\" milliseconds=1",
      "I1201 21:20:34.516179   28387 round_trippers.go:632] \"Response\" verb=\"GET\" url=\"https://127.0.0.1:6443/apis/apps/v1/namespaces/rb-1/deployments?fieldSelector=metadata.name%3Dcheckout&watch=true\" status=\"403 Forbidden\" milliseconds=1",
      "I1201 21:20:34.616179   28387 round_trippers.go:632] \"Response\" verb=\"GET\" url=\"https://127.0.0.1:1/apis/apps/v1?timeout=32s\" status=\"\" milliseconds=2");

  @Test
  void readsEveryRequestWithMethodPathQueryAndStatus() {
    List<KubectlRequests.Request> r = KubectlRequests.parse(LOG);

    assertEquals(4, r.size(), r.toString());
    assertEquals(new KubectlRequests.Request("GET", "/api", "timeout=32s", "200 OK"), r.get(0));
    assertTrue(r.get(0).discovery() && r.get(3).discovery() && !r.get(1).discovery() && !r.get(2).discovery());
    assertEquals("PATCH /apis/apps/v1/namespaces/NS/deployments/checkout", r.get(1).describe("rb-1"));
    assertTrue(r.get(2).watch() && !r.get(1).watch());
    assertFalse(r.get(2).succeeded());
    assertEquals("GET /apis/apps/v1/namespaces/NS/deployments (watch) -> 403 Forbidden", r.get(2).describe("rb-1"));
    assertEquals("GET /apis/apps/v1 -> no answer", r.get(3).describe("rb-1"));
  }

  @Test
  void failsOnARoundTripperLineItCannotRead() {
    String odd = "I1201 21:20:34.410480   28387 round_trippers.go:640] \"Request\" verb=\"GET\" url=\"https://x/api\"";
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> KubectlRequests.parse(odd));
    assertTrue(e.getMessage().contains(odd), e.getMessage());
  }
}
