package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Job smoke tester on the real Job controller: environment, repeatability, cleanup policy and timeout. */
class JobSmokeTesterTest {
  private TestCluster cluster;
  private KubernetesAdapters k8s;
  private RollbackManifest manifest;

  @BeforeEach
  void setUp() throws Exception {
    cluster = TestCluster.create();
    k8s = KubernetesAdapters.create(cluster.adapterClient(), WorkflowTest.config(RolloutShape.BLUE_GREEN));
    manifest = new RollbackManifest(RunId.of("run-j"), cluster.ref(Fixtures.APP),
        Version.of("v2", "app", Fixtures.IMAGE_V2), Version.of("v1", "app", Fixtures.IMAGE_V1), ScaleDown.removeAll(), Instant.now());
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  @Test
  void runsTheJobWithTheRestoredVersionAndDeletesItAlways() throws Exception {
    SmokeTester tester = k8s.jobSmokeTester(JobSmokeTestConfig.builder(WorkflowTest.smokeJob(WorkflowTest.SMOKE_OK).template())
        .pollInterval(Duration.ofMillis(10)).cleanup(JobCleanup.ALWAYS).build());
    SmokeResult result = tester.run(manifest);
    assertTrue(result.passed(), result.summary());
    SmokeCheck check = result.checks().get(0);
    assertTrue(check.detail().contains("completed (CompletionsReached: Reached expected number of succeeded pods); pod "),
        check.detail());
    assertTrue(check.detail().contains("3/3 checks passed against version v1"), check.detail());
    assertTrue(new BatchV1Api(cluster.plainClient()).listNamespacedJob(cluster.ns).execute().getItems().isEmpty(), "deleted");
    // A repeated run creates the same-named Job again and gives the same answer.
    SmokeResult again = tester.run(manifest);
    assertEquals(check.name(), again.checks().get(0).name());
    assertTrue(again.passed());
  }

  @Test
  void reportsATimeoutAsAFailedCheck() throws Exception {
    // A suspended Job: the Job controller creates no pod, so it never finishes.
    V1Job suspended = WorkflowTest.smokeJob(WorkflowTest.SMOKE_OK).template();
    suspended.getSpec().suspend(true);
    suspended.getSpec().backoffLimit(null); // the API's default would retry a failed pod 6 times
    SmokeTester tester = k8s.jobSmokeTester(JobSmokeTestConfig.builder(suspended)
        .pollInterval(Duration.ofMillis(10)).timeout(Duration.ofMillis(200)).build());
    SmokeResult result = tester.run(manifest);
    assertFalse(result.passed());
    String detail = result.checks().get(0).detail();
    assertTrue(detail.contains("did not finish within PT0.2S; no pod of the Job was found"), detail);
    V1Job kept = new BatchV1Api(cluster.plainClient()).listNamespacedJob(cluster.ns).execute().getItems().get(0);
    assertEquals("v1", kept.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals("ROLLBACK_VERSION")).findFirst().orElseThrow().getValue());
    assertEquals("run-j", kept.getMetadata().getLabels().get("rollback.dev/run-id"));
    assertEquals(1L, kept.getSpec().getActiveDeadlineSeconds(), "the API ends the Job at the check's timeout");
    assertEquals(0, kept.getSpec().getBackoffLimit(), "a failed smoke pod is not retried unless the template asks");
  }
}
