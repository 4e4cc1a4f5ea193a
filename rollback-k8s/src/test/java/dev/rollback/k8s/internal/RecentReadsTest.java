package dev.rollback.k8s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What {@link RecentReads} serves, for how long, and that callers cannot change it. */
class RecentReadsTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RecentReads reads = new RecentReads(Duration.ofSeconds(2), now::get);

  private static V1Deployment deployment(String name, String resourceVersion) {
    return new V1Deployment().metadata(new V1ObjectMeta().name(name).namespace("shop").resourceVersion(resourceVersion));
  }

  private static String rv(V1Deployment d) {
    return d.getMetadata().getResourceVersion();
  }

  @Test
  void servesAnObjectUntilTheReuseTimeHasPassed() {
    reads.object(V1Deployment.class, "shop", deployment("checkout", "7"));
    now.addAndGet(Duration.ofMillis(1999).toNanos());
    assertEquals("7", rv(reads.object(V1Deployment.class, "shop", "checkout")));
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertNull(reads.object(V1Deployment.class, "shop", "checkout"), "2 s old: read afresh");
    assertEquals(0, reads.size(), "expired entries are dropped");
  }

  @Test
  void keysByKindNamespaceAndName() {
    reads.object(V1Deployment.class, "shop", deployment("checkout", "7"));
    assertNull(reads.object(V1Deployment.class, "shop", "cart"));
    assertNull(reads.object(V1Deployment.class, "other", "checkout"));
    assertNull(reads.object(V1ReplicaSet.class, "shop", "checkout"));
  }

  @Test
  void callersGetCopiesTheyMayChange() {
    V1Deployment original = deployment("checkout", "7");
    reads.object(V1Deployment.class, "shop", original);
    original.getMetadata().resourceVersion("changed-after-put");
    V1Deployment served = reads.object(V1Deployment.class, "shop", "checkout");
    served.getMetadata().resourceVersion("changed-by-caller");
    assertEquals("7", rv(reads.object(V1Deployment.class, "shop", "checkout")));
  }

  @Test
  void aWriteReplacesTheObjectInTheListsHoldingIt() {
    reads.list(V1Deployment.class, "shop", "app=checkout",
        List.of(deployment("checkout-v1", "1"), deployment("checkout-v2", "2")));
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    reads.object(V1Deployment.class, "shop", deployment("checkout-v2", "3"));

    List<V1Deployment> listed = reads.list(V1Deployment.class, "shop", "app=checkout");
    assertNotNull(listed);
    assertEquals(List.of("1", "3"), listed.stream().map(RecentReadsTest::rv).toList());
    assertEquals("1", rv(reads.object(V1Deployment.class, "shop", "checkout-v1")), "a list's items are served by name too");
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertNull(reads.list(V1Deployment.class, "shop", "app=checkout"), "the list keeps the age of its read");
  }

  @Test
  void forgettingAnObjectForgetsTheListsOfItsKind() {
    reads.list(V1Deployment.class, "shop", "app=checkout", List.of(deployment("checkout-v1", "1")));
    reads.object(V1Deployment.class, "shop", deployment("cart", "5"));
    reads.forget(V1Deployment.class, "shop", "checkout-v1");
    assertNull(reads.list(V1Deployment.class, "shop", "app=checkout"));
    assertNull(reads.object(V1Deployment.class, "shop", "checkout-v1"));
    assertEquals("5", rv(reads.object(V1Deployment.class, "shop", "cart")), "other objects stay");
  }

  @Test
  void zeroReuseKeepsNothing() {
    RecentReads none = new RecentReads(Duration.ZERO, now::get);
    none.object(V1Deployment.class, "shop", deployment("checkout", "7"));
    none.list(V1Deployment.class, "shop", "app=checkout", List.of(deployment("checkout", "7")));
    assertEquals(0, none.size());
    assertNull(none.object(V1Deployment.class, "shop", "checkout"));
  }
}
