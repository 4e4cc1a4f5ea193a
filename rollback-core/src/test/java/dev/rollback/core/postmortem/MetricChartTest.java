package dev.rollback.core.postmortem;

import static dev.rollback.core.postmortem.SvgDocuments.elements;
import static dev.rollback.core.postmortem.SvgDocuments.number;
import static dev.rollback.core.postmortem.SvgDocuments.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Issue 17: the chart of a known series has every mark where its time and value put it. */
class MetricChartTest {
  private final Postmortem pm = OutcomePostmortems.of(RunOutcome.ROLLED_BACK);
  private final Postmortem.Chart chart = pm.charts().get(0);
  private final Document svg = SvgDocuments.parse(chart.svg());

  /** The x of {@code t}: the axis runs from the baseline's start to the end of the run. */
  private double x(Instant t) {
    double span = Duration.between(OutcomePostmortems.BASELINE_FROM, pm.writtenAt()).toNanos();
    return MetricChart.LEFT + Duration.between(OutcomePostmortems.BASELINE_FROM, t).toNanos() / span
        * MetricChart.PLOT_WIDTH;
  }

  private static void assertAt(double expected, double actual, String what) {
    assertEquals(expected, actual, 0.051, what);
  }

  @Test
  void theChartIsOneSvgDocumentNamedAfterTheMetricWithATitleAndADescription() {
    assertEquals("error_ratio", chart.metric());
    assertEquals(pm.fileName("md").replace(".md", "-error_ratio.svg"), chart.fileName());
    Element root = svg.getDocumentElement();
    assertEquals("svg", root.getLocalName());
    assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
    assertEquals("img", root.getAttribute("role"));
    assertEquals("chart-1-title chart-1-desc", root.getAttribute("aria-labelledby"));
    String title = svg.getElementsByTagNameNS("*", "title").item(0).getTextContent();
    assertEquals("error_ratio around the release, run rb-20260101T000610Z-1", title);
    String desc = svg.getElementsByTagNameNS("*", "desc").item(0).getTextContent();
    assertTrue(desc.startsWith("37 samples of error_ratio (ratio, 0 to 1); baseline mean 0.005 over 30 samples"), desc);
    assertTrue(desc.contains("alarm limit 0.02; release at 2026-01-01T00:00:00Z"), desc);
  }

  @Test
  void everyMarkerIsAtItsTime() {
    assertTrue(pm.impact().trafficRestored());
    Object[][] expected = {
        {"release", OutcomePostmortems.RELEASE}, {"first-bad", OutcomePostmortems.FIRST_BAD},
        {"detected", OutcomePostmortems.DETECTED}, {"traffic-restored", pm.impact().end()},
        {"end-of-run", pm.writtenAt()}};
    for (Object[] e : expected) {
      Element line = one(svg, "line", "marker", (String) e[0]);
      assertAt(x((Instant) e[1]), number(line, "x1"), (String) e[0]);
      assertEquals(line.getAttribute("x1"), line.getAttribute("x2"), "vertical");
      assertEquals(e[1].toString(), line.getAttribute("data-at"));
      Element label = one(svg, "text", "marker-label", (String) e[0]);
      assertTrue(label.getTextContent().endsWith(" " + e[1].toString().substring(11, 19)), label.getTextContent());
    }
    assertEquals(x(pm.writtenAt()), MetricChart.LEFT + MetricChart.PLOT_WIDTH, 1e-9, "the run's end closes the axis");
  }

  @Test
  void everySampleIsADotAtItsTimeAndTheBadOnesAreAboveTheLimit() {
    List<Sample> samples = OutcomePostmortems.errorRatio();
    List<Element> dots = elements(svg, "circle", "sample");
    assertEquals(samples.size(), dots.size());
    double limitY = number(one(svg, "line", "limit"), "y1");
    double levelY = number(one(svg, "line", "level"), "y1");
    assertTrue(limitY < levelY, "the limit 0.02 is above the baseline mean 0.005");
    for (int i = 0; i < samples.size(); i++) {
      assertAt(x(samples.get(i).at()), number(dots.get(i), "cx"), "sample " + i);
      boolean bad = samples.get(i).value() > 0.02;
      assertEquals(bad, number(dots.get(i), "cy") < limitY, "sample " + i + " above the limit");
    }
    assertAt(number(one(svg, "line", "marker", "first-bad"), "x1"), number(dots.get(34), "cx"),
        "the first bad sample's dot is on its mark");
  }

  @Test
  void theWindowsAndTheBandAreDrawn() {
    Element baseline = one(svg, "rect", "window", "baseline");
    assertAt(MetricChart.LEFT, number(baseline, "x"), "baseline starts the axis");
    assertAt(x(OutcomePostmortems.RELEASE) - MetricChart.LEFT, number(baseline, "width"), "baseline ends at release");
    Element post = one(svg, "rect", "window", "post-release");
    assertAt(x(OutcomePostmortems.RELEASE), number(post, "x"), "post-release starts at release");
    assertAt(x(OutcomePostmortems.DETECTED) - x(OutcomePostmortems.RELEASE), number(post, "width"),
        "post-release ends at the judgement");
    Element band = one(svg, "rect", "band");
    double levelY = number(one(svg, "line", "level"), "y1");
    assertTrue(number(band, "y") < levelY && levelY < number(band, "y") + number(band, "height"), "band around mean");
  }

  @Test
  void theAxesSayTheUnitAndUtc() {
    List<String> titles = elements(svg, "text", "axis-title").stream().map(Element::getTextContent).toList();
    assertEquals(List.of("error_ratio (ratio, 0 to 1)", "time (UTC), 2025-12-31 to 2026-01-01"), titles);
    List<String> ticks = elements(svg, "text", "tick").stream().map(Element::getTextContent).toList();
    assertTrue(ticks.contains("23:30") && ticks.contains("00:00"), ticks.toString());
  }

  @Test
  void aDetectorWithoutBaselineOrLimitSaysSo() {
    Postmortem.Signal s = pm.detection().evidence().get(0);
    var since = dev.rollback.core.MetricTrace.of(null, OutcomePostmortems.RELEASE, OutcomePostmortems.DETECTED,
        List.of(), OutcomePostmortems.errorRatio().subList(30, 37), null);
    Document d = SvgDocuments.parse(MetricChart.render(pm, s, since, "c"));
    assertTrue(elements(d, "rect", "band").isEmpty());
    assertTrue(elements(d, "line", "limit").isEmpty());
    assertTrue(elements(d, "rect", "baseline").isEmpty());
    assertEquals("no baseline: the detector judged only the samples since the release",
        one(d, "text", "note").getTextContent());
    assertEquals(7, elements(d, "circle", "sample").size());
  }

  @Test
  void aThinnedLongSeriesIsDrawnAsALineAndSaysSo() {
    List<Sample> since = new java.util.ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      since.add(new Sample(OutcomePostmortems.RELEASE.plusSeconds(i), i % 7 == 0 ? Double.POSITIVE_INFINITY : 0.01));
    }
    var trace = dev.rollback.core.MetricTrace.of(null, OutcomePostmortems.RELEASE,
        OutcomePostmortems.RELEASE.plusSeconds(2499), List.of(), since, null);
    Document d = SvgDocuments.parse(MetricChart.render(pm, pm.detection().evidence().get(0), trace, "c"));
    assertTrue(d.getElementsByTagNameNS("*", "desc").item(0).getTextContent()
        .startsWith("834 samples of error_ratio (ratio, 0 to 1), one in 3 kept of a longer series"));
    assertTrue(elements(d, "circle", "sample").isEmpty(), "no dots above " + MetricChart.MAX_DOTS + " samples");
    assertTrue(elements(d, "polyline", "series").size() > 1, "an infinite sample breaks the line");
  }

  @Test
  void aManualRunHasNoChart() {
    assertTrue(OutcomePostmortems.of(RunOutcome.MANUAL_NEEDED).charts().isEmpty());
  }
}
