package dev.rollback.testkit.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.rollback.testkit.TestRig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 3: secrets never appear in a postmortem, whatever field an adapter or an operator put them
 * in; and text that looks like markup or breaks JSON stays text.
 */
class PostmortemRedactionTest {
  static final List<String> SECRETS = List.of(
      "hunter2hunter2", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJl", "s3cr3t-pa55",
      "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "xoxb-1234567890-abcdefghij", "AKIAABCDEFGHIJKLMNOP",
      "T000/B000/XXXXXXXXXXXXXXXX", "opaque-api-key-42", "dXNlcjpwYXNzd29yZA==", "sessionvalue99");

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A result with a secret in every kind of text field, and text that tries to be markup. */
  static RunResult leakyResult() {
    Finding finding = new Finding("slo-threshold", "errors; Authorization: Bearer " + SECRETS.get(1),
        List.of(new Evidence("error_ratio", "rule with password=" + SECRETS.get(0), 0.5, 0.01,
            "called https://admin:" + SECRETS.get(2) + "@metrics.example.com/api")),
        T0.minusSeconds(60), T0);
    List<JournalEntry> journal = new ArrayList<>();
    WorkflowGraph g = WorkflowGraph.seed();
    List<Node> path = List.of(Node.START, Node.DETECT_ANOMALY, Node.TRIGGER_ALERT, Node.IDENTIFY_CURRENT,
        Node.FETCH_PREVIOUS, Node.PREVIOUS_AVAILABLE, Node.PREPARE_MANIFEST, Node.SCALE_DOWN, Node.DEPLOY_PREVIOUS,
        Node.WAIT_READY, Node.PODS_HEALTHY, Node.MARK_FAILED, Node.NOTIFY_ON_CALL, Node.END);
    String[] details = {
      "started | <script>alert(1)</script> **bold** [link](javascript:x)",
      "token: " + SECRETS.get(3),
      "slack said invalid_auth for " + SECRETS.get(4),
      "aws key " + SECRETS.get(5),
      "posted to https://hooks.slack.com/services/" + SECRETS.get(6),
      "x-api-key=" + SECRETS.get(7),
      "quote \" backslash \\ newline\nnext line\ttab \u0001 control \u2028 separator",
      "Authorization: Basic " + SECRETS.get(8),
      "cookie: sessionid=" + SECRETS.get(9),
      "# not a heading", "ok", "ok", "ok", "ok"};
    for (int i = 0; i < path.size(); i++) {
      Node node = path.get(i);
      Edge edge = i + 1 < path.size() ? g.edge(node, path.get(i + 1)).orElseThrow() : null;
      StepResult result = node == Node.PODS_HEALTHY ? StepResult.NO
          : node == Node.PREVIOUS_AVAILABLE ? StepResult.YES
          : node == Node.SCALE_DOWN ? StepResult.FAILED : StepResult.DONE;
      journal.add(new JournalEntry(node, T0, T0, result, details[i],
          result == StepResult.FAILED ? FailureKind.THREW : null,
          result == StepResult.FAILED ? "java.io.IOException: password=" + SECRETS.get(0) : null, edge));
    }
    return RunResult.builder()
        .runId(RunId.of("rb-leaky-1"))
        .deployment(DeploymentRef.of("https://ci:" + SECRETS.get(2) + "@k8s.example.com", "shop", "checkout"))
        .trigger(Trigger.detected(finding))
        .outcome(RunOutcome.ROLLBACK_FAILED)
        .journal(journal)
        .from(TestRig.V2)
        .to(TestRig.V1)
        .readiness(new ReadinessSnapshot(1, 3, "image pull failed: password=" + SECRETS.get(0)))
        .podHealth(new PodHealthReport(List.of(new PodHealth("checkout-v1-0", false, 3,
            List.of("env DB_PASSWORD=" + SECRETS.get(0)))), List.of("secret token=" + SECRETS.get(3))))
        .smoke(SmokeResult.of(SmokeCheck.failed("GET /login?api_key=" + SECRETS.get(7), "Bearer " + SECRETS.get(1),
            Duration.ofMillis(30))))
        .notifications(List.of(new NotificationRecord(NotificationKind.RUN_FINISHED, Audience.ON_CALL, "slack", 1, T0, false,
            "POST https://hooks.slack.com/services/" + SECRETS.get(6) + " failed with 403 " + SECRETS.get(4))))
        .startedAt(T0)
        .endedAt(T0.plusSeconds(20))
        .notices(List.of(new ClusterNotice("gitops", "suspended sync of https://argo:" + SECRETS.get(2) + "@git.example.com",
            "revert with token=" + SECRETS.get(3))))
        .build();
  }

  @Test
  void noSecretAppearsInTheMarkdownOrTheJson() {
    Postmortem pm = Postmortem.of(leakyResult());
    for (String document : List.of(pm.markdown(), pm.json(), pm.toString())) {
      for (String secret : SECRETS) {
        assertFalse(document.contains(secret), "leaks " + secret + ":\n" + document);
      }
    }
    assertTrue(pm.markdown().contains("[REDACTED]"));
    assertTrue(pm.fileName("md").startsWith("20260101T000000Z-https-REDACTED-k8s.example.com-shop-checkout-"),
        pm.fileName("md"));
  }

  @Test
  void markupInTheRunsTextStaysTextAndTheJsonParses() {
    Postmortem pm = Postmortem.of(leakyResult());
    Documents.Markdown md = Documents.markdown(pm.markdown());
    List<List<String>> timeline = md.table("#", "Start (UTC)", "Node", "Lane", "Step", "Duration", "Result", "Detail");
    assertEquals(14, timeline.size(), "a pipe in a detail does not split the table");
    assertEquals("started | <script>alert(1)</script> **bold** [link](javascript:x)", timeline.get(0).get(7)
        .replace(" → Initiate rollback", "").replace(" → ", ""));
    assertFalse(pm.markdown().contains("<script>"), "no raw HTML");
    assertEquals(1, md.headings().stream().filter(h -> h.startsWith("# ")).count(), "no injected heading");

    JsonNode json = Documents.json(pm.json());
    assertEquals("quote \" backslash \\ newline\nnext line\ttab \u0001 control \u2028 separator",
        json.at("/timeline/6/detail").asText());
    assertEquals("ROLLBACK_FAILED", json.get("outcome").asText());
  }
}
