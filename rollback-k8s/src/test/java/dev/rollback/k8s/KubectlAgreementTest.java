package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-place rollback leaves the Deployment as {@code kubectl rollout undo} would: the kubectl of
 * the apiserver's own release, run against the same apiserver, reports the rollout finished and a
 * history that matches what the run reports, and a following {@code kubectl rollout undo} does on
 * it what it does after a rollback that kubectl made itself (checked on a twin namespace).
 */
class KubectlAgreementTest {
  private static final Pattern REVISION_ROW = Pattern.compile("(?m)^(\\d+)\\s+");

  private final WorkflowTest ours = new WorkflowTest();
  private final WorkflowTest theirs = new WorkflowTest();

  @AfterEach
  void stop() {
    ours.stop();
    theirs.stop();
  }

  @Test
  void kubectlAgreesWithAnInPlaceRollbackAndUndoesItAsItsOwn(@TempDir Path dir) throws Exception {
    StepwiseWorkflow wf = ours.setUp(RolloutShape.IN_PLACE, true, WorkflowTest.SMOKE_OK);
    StepwiseWorkflow.Result run = wf.run(ours.ref, RunId.of("run-k"));
    assertEquals(RunOutcome.ROLLED_BACK, run.outcome(), run.journal().toString());
    Kubectl kubectl = Kubectl.asAdmin(ours.cluster, Files.createDirectories(dir.resolve("ours")));
    String ns = ours.cluster.ns;

    Kubectl.Result status = kubectl.run("rollout", "status", "deployment/checkout", "-n", ns, "--timeout=60s");
    assertEquals(0, status.exitCode(), status.output());
    assertTrue(status.output().contains("successfully rolled out"), status.output());

    // The Events carry the Deployment's uid, which kubectl describe filters by.
    Kubectl.Result describe = kubectl.run("describe", "deployment/checkout", "-n", ns);
    assertTrue(describe.output().contains("RollbackStarted") && describe.output().contains("RollbackComplete"),
        describe.output());

    Kubectl.Result history = kubectl.run("rollout", "history", "deployment/checkout", "-n", ns);
    assertEquals(0, history.exitCode(), history.output());
    assertEquals(List.of(2L, 3L), revisions(history.output()), "v1 came back as revision 3: " + history.output());
    Kubectl.Result current = kubectl.run("rollout", "history", "deployment/checkout", "-n", ns, "--revision=3");
    assertTrue(current.output().matches("(?s).*Image:\\s+"
            + Pattern.quote(run.manifest().to().images().get(0).image().value()) + "\n.*"),
        "revision 3 runs the version the run restored (" + run.manifest().to().id() + "): " + current.output());

    // The twin: the same two revisions, rolled back by kubectl itself.
    theirs.open();
    theirs.setUpFixtures(RolloutShape.IN_PLACE, true);
    Kubectl theirKubectl = Kubectl.asAdmin(theirs.cluster, Files.createDirectories(dir.resolve("theirs")));
    Kubectl.Result undo = theirKubectl.run("rollout", "undo", "deployment/checkout", "-n", theirs.cluster.ns);
    assertEquals(0, undo.exitCode(), undo.output());
    theirs.fixtures.awaitRollout(Fixtures.APP, true);
    assertEquals(revisions(history.output()),
        revisions(theirKubectl.run("rollout", "history", "deployment/checkout", "-n", theirs.cluster.ns).output()),
        "the same history as after kubectl's own rollback");

    // A following undo goes back to v2 in both, through the same revisions and ReplicaSets.
    for (Kubectl k : List.of(kubectl, theirKubectl)) {
      String where = k == kubectl ? ns : theirs.cluster.ns;
      Kubectl.Result again = k.run("rollout", "undo", "deployment/checkout", "-n", where);
      assertEquals(0, again.exitCode(), again.output());
      assertEquals(0, k.run("rollout", "status", "deployment/checkout", "-n", where, "--timeout=60s").exitCode());
    }
    assertEquals(state(theirs), state(ours), "after a second undo both Deployments are alike");
    assertEquals(Fixtures.IMAGE_V2, state(ours).image());
    assertEquals(List.of(3L, 4L), revisions(kubectl.run("rollout", "history", "deployment/checkout", "-n", ns).output()));
  }

  /** What kubectl's undo decides from: the template, the revision, and the ReplicaSets kept. */
  record State(String image, String version, String revision, int replicaSets, List<Long> revisions) {}

  private static State state(WorkflowTest scenario) throws Exception {
    AppsV1Api apps = new AppsV1Api(scenario.cluster.plainClient());
    V1Deployment d = apps.readNamespacedDeployment(Fixtures.APP, scenario.cluster.ns).execute();
    List<V1ReplicaSet> rss = scenario.fixtures.replicaSets();
    return new State(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
        d.getSpec().getTemplate().getMetadata().getLabels().get(Fixtures.VERSION),
        d.getMetadata().getAnnotations().get(Fixtures.REVISION), rss.size(),
        rss.stream().map(Fixtures::revision).sorted(Comparator.naturalOrder()).toList());
  }

  private static List<Long> revisions(String history) {
    Matcher m = REVISION_ROW.matcher(history);
    List<Long> found = new java.util.ArrayList<>();
    while (m.find()) {
      found.add(Long.parseLong(m.group(1)));
    }
    return found;
  }
}
