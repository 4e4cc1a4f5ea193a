package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.util.Yaml;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Checks the Role manifest against every request the adapters made in this test JVM (this class
 * runs last; it also drives a rollback in both shapes itself, a durable run taken over by a
 * second engine, and the run store's retention sweep, so it means something alone): each request must be allowed by a rule, and each
 * rule's verb must have been used. On the real control plane the adapters run as a ServiceAccount
 * bound to this very Role, so a request it does not allow has already failed with a real 403; the
 * second half keeps the Role minimal.
 */
@Order(Integer.MAX_VALUE)
class RbacCoverageTest {
  private static final Pattern PATH = Pattern.compile(
      "/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?");

  /** One permission: API group, resource (with subresource) and verb. */
  record Permission(String group, String resource, String verb) implements Comparable<Permission> {
    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return verb + " " + resource + (group.isEmpty() ? "" : "." + group);
    }
  }

  @Test
  void everyRequestIsAllowedByTheRoleAndEveryRuleIsUsed() throws Exception {
    for (RolloutShape shape : RolloutShape.values()) {
      WorkflowTest scenario = new WorkflowTest();
      try {
        scenario.rolledBack(shape);
      } finally {
        scenario.stop();
      }
    }
    try (Replicas replicas = new Replicas(RolloutShape.BLUE_GREEN, DurableRunsOnClusterTest.LEASE)) {
      var takeover = DurableRunsOnClusterTest.dieBeforeSelectorAndTakeOver(replicas);
      assertTrue(replicas.store().load(takeover.result().runId()).isPresent(), "the run store keeps the run");
    }
    try (TestCluster retention = TestCluster.create()) {
      TestClock clock = new TestClock(java.time.Instant.now());
      var store = KubernetesAdapters.create(retention.adapterClient(), KubernetesAdapterConfig.builder(
          WorkflowTest.config(RolloutShape.IN_PLACE)).runRetention(java.time.Duration.ofMinutes(1)).build())
          .runStore(retention.ns, clock);
      var run = dev.rollback.spi.RunId.of("rbac-retention");
      store.save(new dev.rollback.spi.RunRecord(run, retention.ref(Fixtures.APP), true, "{}"), null);
      clock.advance(java.time.Duration.ofMinutes(2));
      store.unfinished();
      assertTrue(store.load(run).isEmpty(), "the store deleted the finished run after its retention");
    }
    Set<Permission> granted = granted();
    Set<Permission> used = new TreeSet<>();
    for (RequestLog.Entry e : RequestLog.INSTANCE.entries()) {
      used.add(permission(e));
    }
    Set<Permission> missing = new TreeSet<>(used);
    missing.removeAll(granted);
    assertEquals(Set.of(), missing, "requests the Role does not allow");
    Set<Permission> unused = new TreeSet<>(granted);
    unused.removeAll(used);
    assertEquals(Set.of(), unused, "rules no request used; the Role should list exactly what the adapters use");
    assertTrue(used.contains(new Permission("", "pods", "watch")), "the readiness watch was attempted: " + used);
  }

  static Permission permission(RequestLog.Entry e) {
    Matcher m = PATH.matcher(e.path());
    if (!m.matches()) {
      throw new AssertionError("not a namespaced API request: " + e);
    }
    String group = m.group(1) == null ? "" : m.group(1);
    String resource = m.group(2) + (m.group(4) == null ? "" : "/" + m.group(4));
    boolean named = m.group(3) != null;
    String verb = switch (e.method()) {
      case "GET" -> named ? "get" : e.query().contains("watch=true") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> throw new AssertionError("unexpected method " + e);
    };
    return new Permission(group, resource, verb);
  }

  static Set<Permission> granted() throws Exception {
    V1Role role;
    try (InputStream in = RbacCoverageTest.class.getClassLoader().getResourceAsStream(KubernetesAdapters.RBAC_RESOURCE)) {
      assertNotNull(in, KubernetesAdapters.RBAC_RESOURCE + " is on the class path");
      role = Yaml.loadAs(new InputStreamReader(in, StandardCharsets.UTF_8), V1Role.class);
    }
    assertEquals("Role", role.getKind());
    Set<Permission> granted = new TreeSet<>();
    for (V1PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(new Permission(group, resource, verb));
          }
        }
      }
    }
    return granted;
  }

  @Test
  void requestsMapToRbacVerbs() {
    assertEquals(new Permission("apps", "deployments", "patch"),
        permission(new RequestLog.Entry("PATCH", "/apis/apps/v1/namespaces/shop/deployments/checkout", "")));
    assertEquals(new Permission("", "pods", "watch"),
        permission(new RequestLog.Entry("GET", "/api/v1/namespaces/shop/pods", "labelSelector=a%3Db&watch=true")));
    assertEquals(new Permission("", "pods/log", "get"),
        permission(new RequestLog.Entry("GET", "/api/v1/namespaces/shop/pods/p/log", "tailLines=20")));
    assertEquals(new Permission("batch", "jobs", "create"),
        permission(new RequestLog.Entry("POST", "/apis/batch/v1/namespaces/shop/jobs", "")));
  }
}
