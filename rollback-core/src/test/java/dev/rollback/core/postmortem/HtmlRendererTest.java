package dev.rollback.core.postmortem;

import static dev.rollback.core.postmortem.SvgDocuments.elements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.internal.format.Redaction;
import dev.rollback.spi.RunOutcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Issue 17: the HTML page is self-contained, accessible, escaped and redacted. */
class HtmlRendererTest {

  private static List<Element> all(Document d) {
    NodeList list = d.getElementsByTagNameNS("*", "*");
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(RunOutcome.class)
  void thePageHasEverySectionOfTheMarkdownWithHeadingsInOrder(RunOutcome outcome) {
    Postmortem pm = OutcomePostmortems.of(outcome);
    Document d = SvgDocuments.parse(pm.html());
    List<String> headings = new ArrayList<>();
    int previous = 0;
    for (Element e : all(d)) {
      if (e.getLocalName().matches("h[1-6]")) {
        int level = e.getLocalName().charAt(1) - '0';
        assertTrue(level <= previous + 1, "heading " + e.getTextContent() + " skips a level after h" + previous);
        previous = level;
        headings.add(e.getTextContent());
      }
    }
    assertEquals(List.of("Postmortem: " + pm.title(), "Summary", "Impact", "Detection", "Decision", "Versions",
        "Timeline", "Path", "Verification", "Pod health", "Smoke tests", "Notifications", "Action items", "Root cause",
        "Lessons learned", "What went well"), headings);
    // Every Markdown heading is on the page.
    for (String line : pm.markdown().lines().toList()) {
      if (line.startsWith("#")) {
        String text = line.replaceFirst("^#+ ", "").replace("\\", "");
        assertTrue(headings.contains(text), "Markdown heading '" + text + "' is on the page");
      }
    }
    assertEquals(1, elements(d, "h1").size());
    String outcomeText = elements(d, "strong", "outcome").get(0).getTextContent();
    assertEquals(outcome.name(), outcomeText);
  }

  @ParameterizedTest
  @EnumSource(RunOutcome.class)
  void everyTableHasHeaderCellsAndEveryDrawingATitle(RunOutcome outcome) {
    Document d = SvgDocuments.parse(OutcomePostmortems.of(outcome).html());
    for (Element table : elements(d, "table")) {
      assertFalse(elements(d, "th").isEmpty());
      assertEquals(1, table.getElementsByTagName("thead").getLength(), "a header row");
      assertTrue(((Element) table.getElementsByTagName("thead").item(0)).getElementsByTagName("th").getLength() > 0);
    }
    Set<String> ids = new HashSet<>();
    for (Element e : all(d)) {
      if (!e.getAttribute("id").isEmpty()) {
        assertTrue(ids.add(e.getAttribute("id")), "id " + e.getAttribute("id") + " is unique");
      }
    }
    List<Element> svgs = elements(d, "svg");
    assertEquals(outcome == RunOutcome.ROLLED_BACK || outcome == RunOutcome.ROLLBACK_FAILED ? 2 : 1, svgs.size());
    for (Element svg : svgs) {
      assertEquals("img", svg.getAttribute("role"));
      for (String id : svg.getAttribute("aria-labelledby").split(" ")) {
        assertTrue(ids.contains(id), "aria-labelledby " + id + " exists");
      }
      assertFalse(((Element) svg.getElementsByTagNameNS("*", "title").item(0)).getTextContent().isBlank());
    }
  }

  @ParameterizedTest
  @EnumSource(RunOutcome.class)
  void thePageLoadsNothingAndRunsNothing(RunOutcome outcome) {
    String html = OutcomePostmortems.of(outcome).html();
    Document d = SvgDocuments.parse(html);
    assertTrue(elements(d, "script").isEmpty());
    for (Element e : all(d)) {
      for (String attribute : List.of("src", "href", "srcset", "xlink:href", "action", "data")) {
        assertEquals("", e.getAttribute(attribute), e.getLocalName() + " " + attribute);
      }
      assertFalse(e.getAttribute("style").contains("url("), "no url() in inline styles");
    }
    assertFalse(html.contains("@import"), "no stylesheet import");
    assertFalse(java.util.regex.Pattern.compile("url\\((?!#)").matcher(html).find(),
        "every url() is a reference inside the page (an arrowhead), none to elsewhere");
    assertTrue(html.contains("default-src 'none'"), "the Content-Security-Policy forbids loading");
    assertTrue(html.contains("@media print"), "a print stylesheet");
  }

  @Test
  void aManualRunSaysItHasNoChart() {
    String html = OutcomePostmortems.of(RunOutcome.MANUAL_NEEDED).html();
    assertTrue(html.contains("No metric charts: the run was triggered by hand, so no detector judged any samples."));
  }

  @Test
  void markupInTheRunsTextsIsEscaped() {
    Postmortem pm = OutcomePostmortems.of(RunOutcome.ROLLED_BACK,
        "<script>alert('x')</script> & <img src=x onerror=alert(1)> \"quoted\" \u0007bell");
    String html = pm.html();
    Document d = SvgDocuments.parse(html);
    assertTrue(elements(d, "script").isEmpty());
    assertTrue(elements(d, "img").isEmpty());
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"
        + " &quot;quoted&quot; \uFFFDbell"), "escaped as text");
    assertTrue(d.getDocumentElement().getTextContent().contains("<script>alert('x')</script>"), "shown as it was");
    assertTrue(SvgDocuments.parse(pm.workflowSvg()) != null);
  }

  @Test
  void aSecretInTheRunAppearsNeitherInThePageNorInTheDrawings() {
    String secret = "hunter2-Sup3rS3cret";
    String token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
    Postmortem pm = OutcomePostmortems.of(RunOutcome.ROLLED_BACK,
        "connected with password=" + secret + " and Authorization: Bearer " + token);
    Postmortem.Signal s = pm.detection().evidence().get(0);
    Postmortem withSecretMetric = new Postmortem(pm.schemaVersion(), pm.title(), pm.date(), pm.status(), pm.complete(),
        pm.runId(), pm.deployment(), pm.outcome(), pm.startedAt(), pm.writtenAt(), pm.summary(), pm.impact(),
        new Postmortem.Detection(true, "slo-threshold", "token=" + token, List.of(new Postmortem.Signal(
            "errors?api_key=" + secret, s.rule(), s.observed(), s.expected(), s.explanation(), s.trace())),
            pm.detection().anomalyStart(), pm.detection().detectedAt()),
        pm.decision(), pm.from(), pm.to(), pm.timeline(), pm.verification(), pm.notifications(), pm.actionItems(),
        pm.humanSections(), pm.graph());
    List<String> outputs = new ArrayList<>(List.of(withSecretMetric.html(), withSecretMetric.workflowSvg(),
        withSecretMetric.markdown()));
    withSecretMetric.charts().forEach(c -> {
      outputs.add(c.svg());
      outputs.add(c.fileName());
    });
    for (String out : outputs) {
      assertFalse(out.contains(secret), "the password");
      assertFalse(out.contains(token), "the token");
    }
    assertTrue(withSecretMetric.html().contains(Redaction.MASK), "the mask shows where it was");
    assertEquals(1, withSecretMetric.charts().size());
  }
}
