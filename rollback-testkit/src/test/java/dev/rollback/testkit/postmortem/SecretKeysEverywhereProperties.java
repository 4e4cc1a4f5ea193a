package dev.rollback.testkit.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rollback.core.Edge;
import dev.rollback.core.Evidence;
import dev.rollback.core.FailureKind;
import dev.rollback.core.Finding;
import dev.rollback.core.JournalEntry;
import dev.rollback.core.Node;
import dev.rollback.core.NotificationRecord;
import dev.rollback.core.RunResult;
import dev.rollback.core.StepResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.spi.Attachment;
import dev.rollback.spi.Audience;
import dev.rollback.spi.ClusterNotice;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.PodHealth;
import dev.rollback.spi.PodHealthReport;
import dev.rollback.spi.ReadinessSnapshot;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.testkit.Behavior;
import dev.rollback.testkit.Op;
import dev.rollback.testkit.TestRig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 12: the keys people name secrets with (camelCase, prefixed, SCREAMING, kebab) and quoted
 * values with spaces are hidden in every text field of the postmortem, in the Markdown, the JSON,
 * the record's text and the draft attached to the on-call notification.
 */
class SecretKeysEverywhereProperties {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  /** Every secret value starts with this, which nothing else in the run contains. */
  private static final String MARK = "q7V";

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.of("accessToken", "clientSecret", "adminPassword", "PGPASSWORD", "db_pass", "X-Api-Key",
        "AUTH_HEADER", "private_key", "githubToken", "passwd", "userPwd", "aws.credentials", "MYSQL_PASS",
        "SessionId", "refresh-token", "basicAuth", "oauth2", "apiKey");
  }

  @Provide
  Arbitrary<IntFunction<String>> pairs() {
    Arbitrary<String> words = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
        .ofMinLength(1).ofMaxLength(12).map(w -> MARK + w);
    Arbitrary<String> format = Arbitraries.of("%s=%s", "%s: %s", "\"%s\": \"%s %s\"", "%s='%s %s'", "%s: \"%s %s\"");
    return Combinators.combine(keys(), format, words, words)
        .as((key, f, a, b) -> i -> "step " + i + " said " + String.format(f, key, a + i, b) + ", then stopped");
  }

  @Property(tries = 200)
  void noValueOfASecretKeyAppearsInAnyFieldOrFormat(@ForAll("pairs") IntFunction<String> secretAt) {
    Postmortem pm = Postmortem.of(result(secretAt));
    for (String document : List.of(pm.markdown(), pm.json(), pm.toString(), pm.fileName("md"))) {
      assertFalse(document.contains(MARK), document);
    }
  }

  @Property(tries = 50)
  void noValueOfASecretKeyAppearsInTheAttachedDraft(@ForAll("pairs") IntFunction<String> secretAt) {
    TestRig rig = TestRig.create();
    rig.script().then(Op.CLEANUP, Behavior.fail(secretAt.apply(1)));
    rig.run(Trigger.manual(secretAt.apply(2), secretAt.apply(3)));
    List<Attachment> drafts = rig.notifier().delivered(NotificationKind.RUN_FINISHED, Audience.ON_CALL).get(0)
        .attachments();
    assertEquals(1, drafts.size());
    assertFalse(drafts.get(0).content().contains(MARK), drafts.get(0).content());
    assertFalse(drafts.get(0).name().contains(MARK), drafts.get(0).name());
  }

  /** A run with {@code secretAt.apply(i)} in every text field, a different i in each. */
  private static RunResult result(IntFunction<String> secretAt) {
    int[] next = {0};
    IntFunction<String> s = unused -> secretAt.apply(next[0]++);
    Finding finding = new Finding(s.apply(0), s.apply(0),
        List.of(new Evidence(s.apply(0), s.apply(0), 0.5, 0.01, s.apply(0))), T0.minusSeconds(60), T0);
    WorkflowGraph g = WorkflowGraph.seed();
    List<Node> path = List.of(Node.START, Node.DETECT_ANOMALY, Node.TRIGGER_ALERT, Node.IDENTIFY_CURRENT,
        Node.FETCH_PREVIOUS, Node.PREVIOUS_AVAILABLE, Node.PREPARE_MANIFEST, Node.SCALE_DOWN, Node.DEPLOY_PREVIOUS,
        Node.WAIT_READY, Node.PODS_HEALTHY, Node.MARK_FAILED, Node.NOTIFY_ON_CALL, Node.END);
    List<JournalEntry> journal = new ArrayList<>();
    for (int i = 0; i < path.size(); i++) {
      Node node = path.get(i);
      Edge edge = i + 1 < path.size() ? g.edge(node, path.get(i + 1)).orElseThrow() : null;
      StepResult result = node == Node.PODS_HEALTHY ? StepResult.NO
          : node == Node.PREVIOUS_AVAILABLE ? StepResult.YES
          : node == Node.SCALE_DOWN ? StepResult.FAILED : StepResult.DONE;
      journal.add(new JournalEntry(node, T0, T0, result, s.apply(0),
          result == StepResult.FAILED ? FailureKind.THREW : null,
          result == StepResult.FAILED ? "java.io.IOException: " + s.apply(0) : null, edge));
    }
    return RunResult.builder()
        .runId(RunId.of("rb-secret-1"))
        .deployment(DeploymentRef.of("prod-eu-1", "shop", "checkout"))
        .trigger(Trigger.detected(finding))
        .outcome(RunOutcome.ROLLBACK_FAILED)
        .journal(journal)
        .from(TestRig.V2)
        .to(TestRig.V1)
        .readiness(new ReadinessSnapshot(1, 3, s.apply(0)))
        .podHealth(new PodHealthReport(List.of(new PodHealth("checkout-v1-0", false, 3, List.of(s.apply(0)))),
            List.of(s.apply(0))))
        .smoke(SmokeResult.of(SmokeCheck.failed(s.apply(0), s.apply(0), Duration.ofMillis(30))))
        .notifications(List.of(new NotificationRecord(NotificationKind.RUN_FINISHED, Audience.ON_CALL, "slack", 1, T0, false,
            s.apply(0))))
        .startedAt(T0)
        .endedAt(T0.plusSeconds(20))
        .notices(List.of(new ClusterNotice("notice-1", s.apply(0), s.apply(0))))
        .build();
  }
}
