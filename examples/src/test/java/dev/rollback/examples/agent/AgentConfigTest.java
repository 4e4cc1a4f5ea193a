package dev.rollback.examples.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.k8s.RolloutShape;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the agent's flags and configuration file. A valid command line gives the settings it
 * names with the documented defaults; every broken rule is reported at once, each naming the flag
 * and the rule, and a secret's value never shows in a message.
 */
class AgentConfigTest {
  static final String ERRORS = "sum(rate(http_requests_total{namespace=\"{namespace}\",app=\"{name}\",code=~\"5..\"}[1m]))"
      + " / sum(rate(http_requests_total{namespace=\"{namespace}\",app=\"{name}\"}[1m]))";
  static final String WEBHOOK_SECRET_URL = "https://hooks.example.com/T000/very-secret-path";

  @TempDir
  Path dir;

  List<String> valid() {
    return new ArrayList<>(List.of("--namespace", "shop,payments", "--namespace", "search",
        "--prometheus-url", "http://prometheus.monitoring:9090", "--error-ratio-query", ERRORS,
        "--webhook-url", WEBHOOK_SECRET_URL, "--postmortem-dir", dir.resolve("postmortems").toString()));
  }

  static AgentConfig parse(List<String> args) {
    return parse(args, Map.of());
  }

  static AgentConfig parse(List<String> args, Map<String, String> env) {
    return AgentConfig.fromArgs(args.toArray(String[]::new), env);
  }

  static List<String> problems(List<String> args) {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> parse(args));
    assertEquals("RollbackAgent", e.configuration());
    return e.problems();
  }

  static void assertHas(List<String> problems, String expected) {
    assertTrue(problems.contains(expected), () -> "expected the problem\n  " + expected + "\namong\n  "
        + String.join("\n  ", problems));
  }

  @Test
  void aValidCommandLineGivesItsSettingsAndTheDefaults() {
    List<String> args = valid();
    args.addAll(List.of("--interval=10s", "--step", "15s", "--baseline", "PT1H", "--selector", "tier=web",
        "--shape", "blue-green", "--latency-query", "max(latency_p99{app=\"{name}\"})"));
    AgentConfig c = parse(args);

    assertEquals(List.of("shop", "payments", "search"), c.namespaces());
    assertEquals("shop", c.storeNamespace(), "the run store defaults to the first namespace");
    assertEquals("kubernetes", c.cluster());
    assertEquals(RolloutShape.BLUE_GREEN, c.shape());
    assertEquals("tier=web", c.selector());
    assertEquals(Duration.ofSeconds(10), c.interval());
    assertEquals(Duration.ofSeconds(15), c.step());
    assertEquals(Duration.ofHours(1), c.baseline());
    assertEquals(Duration.ofHours(2), c.judgementWindow(), "default");
    assertTrue(c.judgesErrorRatio());
    assertTrue(c.judgesLatency());
    assertEquals("http://prometheus.monitoring:9090/", c.prometheus().baseUrl().toString());
    assertNotNull(c.webhook());
    assertEquals(WEBHOOK_SECRET_URL, c.webhook().url().reveal());
    assertNull(c.slack());
    assertNull(c.pagerDuty());
    assertFalse(c.toString().contains("very-secret-path"), c.toString());
  }

  @Test
  void theDefaultsOfAMinimalCommandLine() {
    AgentConfig c = parse(valid());
    assertEquals(RolloutShape.IN_PLACE, c.shape());
    assertEquals(Duration.ofMinutes(1), c.step());
    assertEquals(Duration.ofHours(2), c.baseline());
    assertEquals(Duration.ofSeconds(30), c.interval());
    assertEquals("", c.selector());
    assertFalse(c.judgesLatency());
    assertFalse(c.inCluster());
    assertNull(c.kubeconfig());
  }

  @Test
  void everyMissingRequiredFlagIsReportedAtOnce() {
    List<String> problems = problems(List.of());
    assertHas(problems, "--namespace is required: name at least one namespace to watch");
    assertHas(problems, "--prometheus-url is required, e.g. http://prometheus.monitoring:9090");
    assertHas(problems, "--error-ratio-query or --latency-query is required: the agent judges releases by at least one"
        + " metric");
    assertHas(problems, "--webhook-url, --slack-webhook-url or --pagerduty-routing-key is required: someone must hear"
        + " of each rollback");
    assertHas(problems, "--postmortem-dir is required: every run leaves a postmortem there");
    assertEquals(5, problems.size(), problems::toString);
  }

  @Test
  void everyBadValueIsReportedAtOnceNamingItsFlagAndRule() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    List<String> problems = problems(List.of("--namespace", "Shop_1", "--prometheus-url", "ftp://prometheus:9090",
        "--error-ratio-query", "sum(rate(x{version=\"{version}\"}[1m]))", "--latency-query", "max(latency{app={name}})",
        "--webhook-url", "mailto:very-secret-path", "--postmortem-dir", file.toString(), "--interval", "0s",
        "--step", "fast", "--shape", "sideways", "--store-namespace", "Store", "--frobnicate", "1",
        "--in-cluster", "--kubeconfig", dir.resolve("missing.kubeconfig").toString(), "--selector"));
    assertHas(problems, "--namespace 'Shop_1' must be a DNS-1123 label (lower-case letters, digits and '-', at most 63)");
    assertHas(problems, "--prometheus-url 'ftp://prometheus:9090' must be an absolute http or https URI");
    assertHas(problems, "--error-ratio-query must not use {version}: the agent judges the whole deployment, whose series"
        + " before the release is the previous version's baseline (use {namespace} and {name})");
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("--latency-query: MetricTemplate.query")), problems::toString);
    assertHas(problems, "--webhook-url must be an absolute http or https URI");
    assertHas(problems, "--postmortem-dir " + file + " exists and is not a directory");
    assertHas(problems, "--interval must be positive but was PT0S");
    assertHas(problems, "--step must be a duration such as 500ms, 30s, 5m, 2h or 1d but was 'fast'");
    assertHas(problems, "--shape must be in-place or blue-green but was 'sideways'");
    assertHas(problems, "--store-namespace 'Store' must be a DNS-1123 label");
    assertHas(problems, "--frobnicate is not a flag of the agent (see --help)");
    assertTrue(problems.stream().noneMatch(p -> p.contains("'1'")), "an unknown flag's value is no second problem");
    assertHas(problems, "--in-cluster and --kubeconfig exclude each other; give one");
    assertHas(problems, "--kubeconfig " + dir.resolve("missing.kubeconfig") + " is not a readable file");
    assertHas(problems, "--selector needs a value");
    assertTrue(problems.stream().noneMatch(p -> p.contains("very-secret-path")), "a secret never shows: " + problems);
  }

  @Test
  void theBaselineMustHoldTheSamplesTheDetectionCalibratesFrom() {
    List<String> args = valid();
    args.addAll(List.of("--step", "1m", "--baseline", "10m"));
    assertHas(problems(args), "--baseline (PT10M) must hold at least 20 steps of --step (PT1M): the default detection"
        + " calibrates from 20 samples before the release");
  }

  @Test
  void whatALibraryConfigurationRefusesIsReportedUnderItsFlag() {
    List<String> args = valid();
    args.addAll(List.of("--prometheus-url", "http://prometheus:9090/?tenant=a"));
    List<String> problems = problems(args);
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).startsWith("--prometheus-url: PrometheusConfig: "), problems::toString);
  }

  @Test
  void secretsComeFromTheEnvironmentOrAFileAndAMissingOneIsNamed() throws Exception {
    Path key = Files.writeString(dir.resolve("routing-key"), "R0UTINGKEY\n");
    List<String> args = valid();
    args.addAll(List.of("--webhook-url", "env:HOOK_URL", "--pagerduty-routing-key", "file:" + key,
        "--webhook-signing-secret", "env:HOOK_SIGNING"));
    AgentConfig c = parse(args, Map.of("HOOK_URL", "https://hooks.example.com/x", "HOOK_SIGNING", "s3cret"));
    assertEquals("https://hooks.example.com/x", c.webhook().url().reveal());
    assertEquals("s3cret", c.webhook().signingSecret().reveal());
    assertEquals("R0UTINGKEY", c.pagerDuty().routingKey().reveal(), "the file's content, trimmed");

    List<String> broken = valid();
    broken.addAll(List.of("--webhook-url", "env:HOOK_URL", "--slack-webhook-url", "file:" + dir.resolve("absent")));
    List<String> problems = problems(broken);
    assertHas(problems, "--webhook-url names the environment variable HOOK_URL, which is not set or empty");
    assertHas(problems, "--slack-webhook-url names the file " + dir.resolve("absent")
        + ", which cannot be read (NoSuchFileException)");
  }

  @Test
  void aConfigFileSetsTheFlagsAndTheCommandLineWins() throws Exception {
    Path file = Files.writeString(dir.resolve("agent.properties"), String.join("\n",
        "namespace=shop, payments",
        "prometheus-url=http://prometheus.monitoring:9090",
        "error-ratio-query=" + ERRORS.replace("\\", "\\\\"),
        "webhook-url=" + WEBHOOK_SECRET_URL,
        "postmortem-dir=" + dir.resolve("pm"),
        "interval=1m", ""));
    AgentConfig c = parse(List.of("--config", file.toString(), "--interval", "5s"));
    assertEquals(List.of("shop", "payments"), c.namespaces());
    assertEquals(Duration.ofSeconds(5), c.interval(), "the command line wins");
    assertTrue(c.judgesErrorRatio());

    Path bad = Files.writeString(dir.resolve("bad.properties"), "namespaces=shop\n");
    assertHas(problems(List.of("--config", bad.toString())),
        "--config: " + bad + " sets 'namespaces', which is not a flag of the agent");
  }

  @Test
  void theProgramPrintsEveryProblemAndExitsWithStatus2() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RollbackAgent.run(new String[] {"--namespace", "shop", "--interval", "soon"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    assertEquals(2, status);
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("error: the agent's settings are invalid:\n"), text);
    assertTrue(text.contains("\n  --interval must be a duration such as 500ms, 30s, 5m, 2h or 1d but was 'soon'\n"), text);
    assertTrue(text.contains("\n  --prometheus-url is required"), text);
    assertEquals("", out.toString(StandardCharsets.UTF_8));

    ByteArrayOutputStream help = new ByteArrayOutputStream();
    assertEquals(0, RollbackAgent.run(new String[] {"--help"}, new PrintStream(help, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()));
    String usage = help.toString(StandardCharsets.UTF_8);
    for (String flag : AgentFlags.FLAGS.keySet()) {
      if (!flag.equals("help")) {
        assertTrue(usage.contains("--" + flag), () -> "the usage names --" + flag);
      }
    }
  }
}
