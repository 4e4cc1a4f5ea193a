package dev.rollback.examples.agent;

import dev.rollback.k8s.RolloutShape;
import dev.rollback.notify.PagerDutyConfig;
import dev.rollback.notify.SlackConfig;
import dev.rollback.notify.WebhookConfig;
import dev.rollback.prometheus.MetricTemplate;
import dev.rollback.prometheus.PrometheusAuth;
import dev.rollback.prometheus.PrometheusConfig;
import dev.rollback.spi.InvalidValueException;
import dev.rollback.spi.helpers.ConfigProblems;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link RollbackAgent}: which cluster and namespaces, where the metrics are and
 * how to query them, how to judge, whom to notify and where postmortems go.
 *
 * <p>Made from the command line and an optional configuration file by {@link #fromArgs}, or with
 * {@link #builder()}. {@link Builder#build()} checks every setting and reports every broken rule at
 * once in one {@link InvalidConfigurationException} ({@code RollbackAgent is invalid: ...}), each
 * naming the flag and the rule, e.g. {@code --interval must be positive but was PT0S}. Secrets
 * ({@code --webhook-url}, {@code --slack-webhook-url}, {@code --pagerduty-routing-key}, {@code
 * --webhook-signing-secret}, {@code --prometheus-bearer-token}) may be given as {@code env:NAME} or
 * {@code file:PATH} so that they stay out of the process list; they are never shown in a message.
 * Immutable and thread-safe.
 */
public final class AgentConfig {
  /** The logical metric name of the error ratio, as the detection and the Prometheus source know it. */
  public static final String ERROR_RATIO = "error_ratio";
  /** The logical metric name of the latency. */
  public static final String LATENCY = "latency";
  /** The fewest baseline samples the default detection calibrates from. */
  static final int MIN_BASELINE_SAMPLES = 20;

  private static final Duration DEFAULT_STEP = Duration.ofMinutes(1);
  private static final Duration DEFAULT_BASELINE = Duration.ofHours(2);
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  private static final Duration DEFAULT_JUDGEMENT_WINDOW = Duration.ofHours(2);

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final @Nullable Path kubeconfig;
  private final @Nullable String context;
  private final boolean inCluster;
  private final String cluster;
  private final List<String> namespaces;
  private final String selector;
  private final RolloutShape shape;
  private final PrometheusConfig prometheus;
  private final Duration step;
  private final Duration baseline;
  private final Duration interval;
  private final Duration judgementWindow;
  private final @Nullable WebhookConfig webhook;
  private final @Nullable SlackConfig slack;
  private final @Nullable PagerDutyConfig pagerDuty;
  private final Path postmortemDir;
  private final String storeNamespace;
  private final @Nullable String smokeImage;

  private AgentConfig(Builder b, PrometheusConfig prometheus, @Nullable WebhookConfig webhook,
      @Nullable SlackConfig slack, @Nullable PagerDutyConfig pagerDuty, Path postmortemDir) {
    this.kubeconfig = b.kubeconfig;
    this.context = b.context;
    this.inCluster = b.inCluster;
    String c = b.cluster != null ? b.cluster : b.context;
    this.cluster = c != null ? c : "kubernetes";
    this.namespaces = List.copyOf(b.namespaces);
    this.selector = b.selector;
    this.shape = b.shape;
    this.prometheus = prometheus;
    this.step = Objects.requireNonNull(b.step); // checked by build()
    this.baseline = Objects.requireNonNull(b.baseline); // checked by build()
    this.interval = Objects.requireNonNull(b.interval); // checked by build()
    this.judgementWindow = Objects.requireNonNull(b.judgementWindow); // checked by build()
    this.webhook = webhook;
    this.slack = slack;
    this.pagerDuty = pagerDuty;
    this.postmortemDir = postmortemDir;
    this.storeNamespace = b.storeNamespace != null ? b.storeNamespace : namespaces.get(0);
    this.smokeImage = b.smokeImage;
  }

  /** Returns a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the settings from the command line (and the file {@code --config} names), resolving
   * {@code env:NAME} secrets in {@code environment}.
   *
   * @throws InvalidConfigurationException naming every flag that is unknown, unreadable or breaks
   *     its rule
   */
  public static AgentConfig fromArgs(String[] args, Map<String, String> environment) {
    ConfigProblems problems = ConfigProblems.of("RollbackAgent");
    AgentFlags flags = AgentFlags.parse(args, problems);
    Builder b = builder();
    String kubeconfig = flags.value("kubeconfig");
    if (kubeconfig != null) {
      b.kubeconfig(Path.of(kubeconfig));
    }
    b.context(flags.value("context"));
    b.inCluster(flags.flag("in-cluster", problems));
    b.cluster(flags.value("cluster"));
    b.namespaces(flags.list("namespace"));
    b.selector(Objects.requireNonNullElse(flags.value("selector"), ""));
    String shape = flags.value("shape");
    if (shape != null) {
      switch (shape) {
        case "in-place" -> b.shape(RolloutShape.IN_PLACE);
        case "blue-green" -> b.shape(RolloutShape.BLUE_GREEN);
        default -> problems.add("--shape must be in-place or blue-green but was '" + shape + "'");
      }
    }
    String url = flags.value("prometheus-url");
    b.prometheusUrl(url);
    b.prometheusBearerToken(secret(flags, "prometheus-bearer-token", environment, problems));
    b.errorRatioQuery(flags.value("error-ratio-query"));
    b.latencyQuery(flags.value("latency-query"));
    b.step(flags.duration("step", DEFAULT_STEP, problems));
    b.baseline(flags.duration("baseline", DEFAULT_BASELINE, problems));
    b.interval(flags.duration("interval", DEFAULT_INTERVAL, problems));
    b.judgementWindow(flags.duration("judgement-window", DEFAULT_JUDGEMENT_WINDOW, problems));
    b.webhookUrl(secret(flags, "webhook-url", environment, problems));
    b.webhookSigningSecret(secret(flags, "webhook-signing-secret", environment, problems));
    b.slackWebhookUrl(secret(flags, "slack-webhook-url", environment, problems));
    b.pagerDutyRoutingKey(secret(flags, "pagerduty-routing-key", environment, problems));
    String dir = flags.value("postmortem-dir");
    b.postmortemDir(dir == null ? null : Path.of(dir));
    b.storeNamespace(flags.value("store-namespace"));
    b.smokeImage(flags.value("smoke-image"));
    return b.build(problems);
  }

  /** Reads a secret flag: {@code env:NAME}, {@code file:PATH} (its content, trimmed) or the value itself. */
  private static @Nullable Secret secret(AgentFlags flags, String flag, Map<String, String> environment,
      ConfigProblems problems) {
    String v = flags.value(flag);
    if (v == null) {
      return null;
    }
    String value = v;
    if (v.startsWith("env:")) {
      String name = v.substring(4);
      value = environment.get(name);
      if (value == null || value.isBlank()) {
        problems.add("--" + flag + " names the environment variable " + name + ", which is not set or empty");
        return null;
      }
    } else if (v.startsWith("file:")) {
      Path file = Path.of(v.substring(5));
      try {
        value = Files.readString(file, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        problems.add("--" + flag + " names the file " + file + ", which cannot be read (" + e.getClass().getSimpleName()
            + ")");
        return null;
      }
    }
    if (value.isBlank()) {
      problems.add("--" + flag + " must not be blank");
      return null;
    }
    return Secret.of(value);
  }

  /** Returns the kubeconfig file, or null for in-cluster or the environment's configuration. */
  public @Nullable Path kubeconfig() {
    return kubeconfig;
  }

  /** Returns the kubeconfig context, or null for the file's current context. */
  public @Nullable String context() {
    return context;
  }

  /** Returns whether the agent uses the pod's service account. */
  public boolean inCluster() {
    return inCluster;
  }

  /** Returns the cluster's name in deployment references, notifications and postmortems. */
  public String cluster() {
    return cluster;
  }

  /** Returns the namespaces whose Deployments are watched. */
  public List<String> namespaces() {
    return namespaces;
  }

  /** Returns the label selector of the Deployments watched; empty for all. */
  public String selector() {
    return selector;
  }

  /** Returns the rollout shape. */
  public RolloutShape shape() {
    return shape;
  }

  /**
   * Returns the Prometheus source's settings: the URL, the credentials, and the templates of {@link
   * #ERROR_RATIO} and {@link #LATENCY} that were given.
   */
  public PrometheusConfig prometheus() {
    return prometheus;
  }

  /** Returns whether an error-ratio query was given. */
  public boolean judgesErrorRatio() {
    return prometheus.metrics().containsKey(ERROR_RATIO);
  }

  /** Returns whether a latency query was given. */
  public boolean judgesLatency() {
    return prometheus.metrics().containsKey(LATENCY);
  }

  /** Returns the metrics' sampling step (the query resolution). */
  public Duration step() {
    return step;
  }

  /** Returns the calibration window before each release. */
  public Duration baseline() {
    return baseline;
  }

  /** Returns how often each release is judged. */
  public Duration interval() {
    return interval;
  }

  /** Returns how long after it rolled out a release is judged. */
  public Duration judgementWindow() {
    return judgementWindow;
  }

  /** Returns the generic webhook's settings, or null. */
  public @Nullable WebhookConfig webhook() {
    return webhook;
  }

  /** Returns the Slack webhook's settings, or null. */
  public @Nullable SlackConfig slack() {
    return slack;
  }

  /** Returns PagerDuty's settings, or null. */
  public @Nullable PagerDutyConfig pagerDuty() {
    return pagerDuty;
  }

  /** Returns the directory postmortems are written to. */
  public Path postmortemDir() {
    return postmortemDir;
  }

  /** Returns the namespace of the run store's ConfigMaps and the lock's Leases. */
  public String storeNamespace() {
    return storeNamespace;
  }

  /** Returns the smoke-test Job's image, or null for no smoke test. */
  public @Nullable String smokeImage() {
    return smokeImage;
  }

  /** Returns the settings, secrets hidden. */
  @Override
  public String toString() {
    return "AgentConfig[cluster=" + cluster + ", namespaces=" + namespaces + ", selector='" + selector + "', shape="
        + shape + ", prometheus=" + prometheus.baseUrl() + ", metrics="
        + prometheus.metrics().keySet() + ", step=" + step + ", baseline=" + baseline + ", interval="
        + interval + ", judgementWindow=" + judgementWindow + ", notifiers=" + notifierNames() + ", postmortemDir="
        + postmortemDir + ", storeNamespace=" + storeNamespace + "]";
  }

  /** Returns the names of the configured notifiers, besides the Kubernetes Events one. */
  List<String> notifierNames() {
    List<String> names = new ArrayList<>();
    if (webhook != null) {
      names.add("webhook");
    }
    if (slack != null) {
      names.add("slack");
    }
    if (pagerDuty != null) {
      names.add("pagerduty");
    }
    return names;
  }

  /** Collects the settings; not thread-safe. Setters only record; {@link #build()} checks them all. */
  public static final class Builder {
    private @Nullable Path kubeconfig;
    private @Nullable String context;
    private boolean inCluster;
    private @Nullable String cluster;
    private final List<String> namespaces = new ArrayList<>();
    private String selector = "";
    private RolloutShape shape = RolloutShape.IN_PLACE;
    private @Nullable String prometheusUrl;
    private @Nullable Secret prometheusBearerToken;
    private @Nullable String errorRatioQuery;
    private @Nullable String latencyQuery;
    private @Nullable Duration step = DEFAULT_STEP;
    private @Nullable Duration baseline = DEFAULT_BASELINE;
    private @Nullable Duration interval = DEFAULT_INTERVAL;
    private @Nullable Duration judgementWindow = DEFAULT_JUDGEMENT_WINDOW;
    private @Nullable Secret webhookUrl;
    private @Nullable Secret webhookSigningSecret;
    private @Nullable Secret slackWebhookUrl;
    private @Nullable Secret pagerDutyRoutingKey;
    private @Nullable Path postmortemDir;
    private @Nullable String storeNamespace;
    private @Nullable String smokeImage;

    private Builder() {}

    /** Sets the kubeconfig file ({@code --kubeconfig}). */
    public Builder kubeconfig(@Nullable Path kubeconfig) {
      this.kubeconfig = kubeconfig;
      return this;
    }

    /** Sets the kubeconfig context ({@code --context}); default the file's current one. */
    public Builder context(@Nullable String context) {
      this.context = context;
      return this;
    }

    /** Uses the pod's service account ({@code --in-cluster}). */
    public Builder inCluster(boolean inCluster) {
      this.inCluster = inCluster;
      return this;
    }

    /** Sets the cluster's name ({@code --cluster}); default the context, else {@code kubernetes}. */
    public Builder cluster(@Nullable String cluster) {
      this.cluster = cluster;
      return this;
    }

    /** Adds namespaces to watch ({@code --namespace}; at least one). */
    public Builder namespaces(List<String> namespaces) {
      this.namespaces.addAll(namespaces);
      return this;
    }

    /** Sets the label selector of the Deployments watched ({@code --selector}); default all. */
    public Builder selector(String selector) {
      this.selector = Objects.requireNonNull(selector, "selector").trim();
      return this;
    }

    /** Sets the rollout shape ({@code --shape}); default in place. */
    public Builder shape(RolloutShape shape) {
      this.shape = Objects.requireNonNull(shape, "shape");
      return this;
    }

    /** Sets Prometheus' base URL ({@code --prometheus-url}; required). */
    public Builder prometheusUrl(@Nullable String url) {
      this.prometheusUrl = url;
      return this;
    }

    /** Sets the bearer token for Prometheus ({@code --prometheus-bearer-token}). */
    public Builder prometheusBearerToken(@Nullable Secret token) {
      this.prometheusBearerToken = token;
      return this;
    }

    /** Sets the error ratio's PromQL template ({@code --error-ratio-query}). */
    public Builder errorRatioQuery(@Nullable String query) {
      this.errorRatioQuery = query;
      return this;
    }

    /** Sets the latency's PromQL template ({@code --latency-query}). */
    public Builder latencyQuery(@Nullable String query) {
      this.latencyQuery = query;
      return this;
    }

    /** Sets the metrics' step ({@code --step}); default 1 min. */
    public Builder step(@Nullable Duration step) {
      this.step = step;
      return this;
    }

    /** Sets the calibration window before a release ({@code --baseline}); default 2 h. */
    public Builder baseline(@Nullable Duration baseline) {
      this.baseline = baseline;
      return this;
    }

    /** Sets how often releases are judged ({@code --interval}); default 30 s. */
    public Builder interval(@Nullable Duration interval) {
      this.interval = interval;
      return this;
    }

    /** Sets how long a release is judged ({@code --judgement-window}); default 2 h. */
    public Builder judgementWindow(@Nullable Duration window) {
      this.judgementWindow = window;
      return this;
    }

    /** Sets the generic webhook's URL ({@code --webhook-url}). */
    public Builder webhookUrl(@Nullable Secret url) {
      this.webhookUrl = url;
      return this;
    }

    /** Sets the webhook's signing secret ({@code --webhook-signing-secret}). */
    public Builder webhookSigningSecret(@Nullable Secret secret) {
      this.webhookSigningSecret = secret;
      return this;
    }

    /** Sets the Slack incoming webhook URL ({@code --slack-webhook-url}). */
    public Builder slackWebhookUrl(@Nullable Secret url) {
      this.slackWebhookUrl = url;
      return this;
    }

    /** Sets the PagerDuty routing key ({@code --pagerduty-routing-key}). */
    public Builder pagerDutyRoutingKey(@Nullable Secret key) {
      this.pagerDutyRoutingKey = key;
      return this;
    }

    /** Sets the postmortem directory ({@code --postmortem-dir}; required). */
    public Builder postmortemDir(@Nullable Path dir) {
      this.postmortemDir = dir;
      return this;
    }

    /** Sets the run store's and lock's namespace ({@code --store-namespace}); default the first namespace. */
    public Builder storeNamespace(@Nullable String namespace) {
      this.storeNamespace = namespace;
      return this;
    }

    /** Sets the smoke-test Job's image ({@code --smoke-image}); default no smoke test. */
    public Builder smokeImage(@Nullable String image) {
      this.smokeImage = image;
      return this;
    }

    /**
     * Returns the settings.
     *
     * @throws InvalidConfigurationException naming every broken rule by its flag
     */
    public AgentConfig build() {
      return build(ConfigProblems.of("RollbackAgent"));
    }

    AgentConfig build(ConfigProblems p) {
      p.check(inCluster && kubeconfig != null, "--in-cluster and --kubeconfig exclude each other; give one");
      p.check(context != null && kubeconfig == null, "--context needs --kubeconfig");
      if (kubeconfig != null) {
        p.check(!Files.isReadable(kubeconfig), "--kubeconfig " + kubeconfig + " is not a readable file");
      }
      if (cluster != null) {
        p.notBlank("--cluster", cluster);
      }
      p.check(namespaces.isEmpty(), "--namespace is required: name at least one namespace to watch");
      for (String ns : namespaces) {
        p.check(!DNS_LABEL.matcher(ns).matches(), "--namespace '" + ns + "' must be a DNS-1123 label"
            + " (lower-case letters, digits and '-', at most 63)");
      }
      if (storeNamespace != null) {
        p.check(!DNS_LABEL.matcher(storeNamespace).matches(),
            "--store-namespace '" + storeNamespace + "' must be a DNS-1123 label");
      }
      URI url = null;
      if (prometheusUrl == null) {
        p.add("--prometheus-url is required, e.g. http://prometheus.monitoring:9090");
      } else {
        url = p.httpUri("--prometheus-url", prometheusUrl, false);
      }
      boolean queriesOk = p.check(errorRatioQuery == null && latencyQuery == null,
          "--error-ratio-query or --latency-query is required: the agent judges releases by at least one metric");
      queriesOk &= checkQuery(p, "--error-ratio-query", errorRatioQuery);
      queriesOk &= checkQuery(p, "--latency-query", latencyQuery);
      boolean stepOk = p.positive("--step", step);
      boolean baselineOk = p.positive("--baseline", baseline);
      if (stepOk && baselineOk && step != null && baseline != null) {
        p.check(baseline.compareTo(step.multipliedBy(MIN_BASELINE_SAMPLES)) < 0, "--baseline (" + baseline
            + ") must hold at least " + MIN_BASELINE_SAMPLES + " steps of --step (" + step
            + "): the default detection calibrates from " + MIN_BASELINE_SAMPLES + " samples before the release");
      }
      p.positive("--interval", interval);
      p.positive("--judgement-window", judgementWindow);
      p.check(webhookUrl == null && slackWebhookUrl == null && pagerDutyRoutingKey == null,
          "--webhook-url, --slack-webhook-url or --pagerduty-routing-key is required: someone must hear of each rollback");
      boolean hookOk = webhookUrl == null || p.httpUri("--webhook-url", webhookUrl.reveal(), true) != null;
      boolean slackOk = slackWebhookUrl == null
          || p.httpUri("--slack-webhook-url", slackWebhookUrl.reveal(), true) != null;
      p.check(webhookSigningSecret != null && webhookUrl == null, "--webhook-signing-secret needs --webhook-url");
      if (postmortemDir == null) {
        p.add("--postmortem-dir is required: every run leaves a postmortem there");
      } else {
        p.check(Files.exists(postmortemDir) && !Files.isDirectory(postmortemDir),
            "--postmortem-dir " + postmortemDir + " exists and is not a directory");
      }
      if (smokeImage != null) {
        p.notBlank("--smoke-image", smokeImage);
      }
      // The library configurations check what the agent's own rules leave to them; a flag already
      // reported is not reported again in their words.
      PrometheusConfig prometheus = url == null || !queriesOk ? null : prometheus(p, url);
      Secret hook = hookOk ? webhookUrl : null;
      Secret signing = webhookSigningSecret;
      WebhookConfig webhook = hook == null ? null : library(p, "--webhook-url", () -> {
        WebhookConfig.Builder w = WebhookConfig.builder(hook);
        if (signing != null) {
          w.signingSecret(signing);
        }
        return w.build();
      });
      Secret slackUrl = slackOk ? slackWebhookUrl : null;
      SlackConfig slack = slackUrl == null ? null : library(p, "--slack-webhook-url", () -> SlackConfig.of(slackUrl));
      Secret routingKey = pagerDutyRoutingKey;
      PagerDutyConfig pagerDuty = routingKey == null ? null
          : library(p, "--pagerduty-routing-key", () -> PagerDutyConfig.of(routingKey));
      p.throwIfAny();
      return new AgentConfig(this, Objects.requireNonNull(prometheus), webhook, slack, pagerDuty,
          Objects.requireNonNull(postmortemDir));
    }

    /** Builds the Prometheus settings; what they refuse beyond the agent's own checks is the URL's. */
    private @Nullable PrometheusConfig prometheus(ConfigProblems p, URI url) {
      PrometheusAuth auth = PrometheusAuth.none();
      if (prometheusBearerToken != null) {
        try {
          auth = PrometheusAuth.bearer(prometheusBearerToken.reveal());
        } catch (InvalidValueException e) {
          p.add("--prometheus-bearer-token must be one token without whitespace or control characters");
          return null;
        }
      }
      PrometheusConfig.Builder b = PrometheusConfig.builder(url).auth(auth);
      if (errorRatioQuery != null) {
        b.metric(ERROR_RATIO, errorRatioQuery);
      }
      if (latencyQuery != null) {
        b.metric(LATENCY, latencyQuery);
      }
      return library(p, "--prometheus-url", b::build);
    }

    /** Builds a library configuration, reporting each rule it refuses under {@code flag}. */
    private static <T> @Nullable T library(ConfigProblems p, String flag, Supplier<T> build) {
      try {
        return build.get();
      } catch (InvalidConfigurationException e) {
        e.problems().forEach(problem -> p.add(flag + ": " + e.configuration() + ": " + problem));
        return null;
      }
    }

    /** Checks a PromQL template; returns whether it is fine (or absent). */
    private static boolean checkQuery(ConfigProblems p, String flag, @Nullable String query) {
      if (query == null) {
        return true;
      }
      try {
        MetricTemplate.of(query);
      } catch (InvalidValueException e) {
        p.add(flag + ": " + e.getMessage());
        return false;
      }
      // The monitor compares a release with the time before it; a version's own series has nothing
      // before its release, so the agent asks for the whole deployment (see WholeDeploymentMetrics).
      return p.check(query.contains("{version}"), flag + " must not use {version}: the agent judges the whole deployment,"
          + " whose series before the release is the previous version's baseline (use {namespace} and {name})");
    }
  }
}
