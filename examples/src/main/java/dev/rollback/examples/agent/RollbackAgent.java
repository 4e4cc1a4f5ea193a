package dev.rollback.examples.agent;

import dev.rollback.core.detect.DefaultDetection;
import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.core.postmortem.DirectoryPublisher;
import dev.rollback.k8s.JobSmokeTestConfig;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.KubernetesAdapters;
import dev.rollback.k8s.Release;
import dev.rollback.k8s.ReleaseWatcher;
import dev.rollback.notify.AudienceRoutes;
import dev.rollback.notify.Notifiers;
import dev.rollback.notify.PagerDutyConfig;
import dev.rollback.notify.SlackConfig;
import dev.rollback.notify.WebhookConfig;
import dev.rollback.prometheus.PrometheusMetricsSource;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.SmokeCheck;
import dev.rollback.spi.SmokeResult;
import dev.rollback.spi.SmokeTester;
import dev.rollback.spi.helpers.InvalidConfigurationException;
import dev.rollback.spi.helpers.RollbackException;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollback agent: finds releases on a cluster by itself, judges them with the default detection
 * on Prometheus metrics, rolls a regression back automatically, notifies, and writes the
 * postmortem of every run.
 *
 * <p>Wiring: a {@link ReleaseWatcher} watches the Deployments of the namespaces (by label selector)
 * and tells the {@link ReleaseBridge} of each release once it rolled out; the bridge has the {@link
 * DeploymentMonitor} judge it every interval for its judgement window with {@link
 * DefaultDetection} on the error ratio and latency PromQL templates; a regression starts a run on
 * the {@link RollbackEngine} with the Kubernetes adapters, a ConfigMap run store and a Lease lock
 * in the store namespace. Notifications go to every configured destination (webhook, Slack,
 * PagerDuty) and as Events to the Deployment; postmortems to the directory.
 *
 * <p>{@link #close()} (the JVM's shutdown hook runs it on SIGTERM) stops the watcher, then the
 * monitor, then the engine: a run in progress stops at its current step and stays unfinished in
 * the run store, and the next agent started on the cluster resumes it (at start and every {@link
 * #RESUME_EVERY}). Thread-safe.
 */
public final class RollbackAgent implements AutoCloseable {
  /** How often the engine looks for runs an earlier agent left unfinished in the run store. */
  public static final Duration RESUME_EVERY = Duration.ofSeconds(30);

  private final Logger log = LoggerFactory.getLogger("dev.rollback.agent");
  private final AgentConfig config;
  private final RollbackEngine engine;
  private final DeploymentMonitor monitor;
  private final ReleaseWatcher watcher;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  private RollbackAgent(AgentConfig config, RollbackEngine engine, DeploymentMonitor monitor, ReleaseWatcher watcher) {
    this.config = config;
    this.engine = engine;
    this.monitor = monitor;
    this.watcher = watcher;
  }

  /**
   * Runs the agent until the JVM is told to stop (SIGTERM, Ctrl-C). Exit status 2 for bad flags or
   * a cluster configuration that cannot be read, with every problem on standard error.
   */
  public static void main(String[] args) throws InterruptedException {
    AgentLogging.defaults();
    int status = run(args, System.out, System.err, System.getenv());
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the agent with {@code args}, blocking until it is closed by the JVM's shutdown hook;
   * returns the exit status: 0 after a clean stop, 2 when the flags are invalid or the cluster
   * cannot be reached with them (printed to {@code err}).
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment)
      throws InterruptedException {
    if (List.of(args).contains("--help")) {
      out.print(AgentUsage.TEXT);
      return 0;
    }
    AgentConfig config;
    try {
      config = AgentConfig.fromArgs(args, environment);
    } catch (InvalidConfigurationException e) {
      err.println("error: the agent's settings are invalid:");
      e.problems().forEach(p -> err.println("  " + p));
      err.println("Run with --help for the flags.");
      return 2;
    }
    RollbackAgent agent;
    try {
      agent = start(config);
    } catch (IOException | RollbackException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "rollback-agent-shutdown"));
    agent.log.info("rollback agent running; SIGTERM stops it");
    agent.awaitClosed();
    return 0;
  }

  /**
   * Builds the agent from {@code config} and starts it: the engine resumes unfinished runs of the
   * run store, and the watcher starts listing and watching Deployments.
   *
   * @throws IOException if the kubeconfig or the service account cannot be read
   * @throws RollbackException if the cluster configuration is invalid (e.g. an unknown context)
   */
  public static RollbackAgent start(AgentConfig config) throws IOException {
    ApiClient client = client(config);
    KubernetesAdapterConfig k8sConfig = KubernetesAdapterConfig.builder().shape(config.shape()).build();
    KubernetesAdapters k8s = KubernetesAdapters.create(client, k8sConfig);
    RollbackEngine engine = RollbackEngine.builder()
        .versionRegistry(k8s.versionRegistry())
        .clusterDriver(k8s.clusterDriver())
        .smokeTester(smokeTester(k8s, config))
        .notifier(Notifiers.routed(new AudienceRoutes("agent", destinations(k8s, config), List.of())))
        .runStore(k8s.runStore(config.storeNamespace()))
        .deploymentLock(k8s.deploymentLock(config.storeNamespace()))
        .resumeEvery(RESUME_EVERY)
        .listener(new RunLog())
        .postmortemPublisher(RunLog.logging(DirectoryPublisher.into(config.postmortemDir())))
        .build();
    DeploymentMonitor monitor;
    ReleaseWatcher watcher;
    try {
      monitor = DeploymentMonitor.builder()
          .engine(engine)
          .metrics(new WholeDeploymentMetrics(PrometheusMetricsSource.create(config.prometheus())))
          .detector(detection(config))
          .interval(config.interval())
          .judgementWindow(config.judgementWindow())
          .maxBaseline(config.baseline().plus(DefaultDetection.HISTORY))
          .onJudgement(new JudgementLog())
          .build();
      watcher = ReleaseWatcher.builder(client, k8sConfig)
          .cluster(config.cluster())
          .namespaces(config.namespaces().toArray(String[]::new))
          .labelSelector(config.selector())
          .judgementWindow(config.judgementWindow())
          .listener(new ReleaseBridge(monitor))
          .build();
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    RollbackAgent agent = new RollbackAgent(config, engine, monitor, watcher);
    agent.log.info("rollback agent starting: {}", config);
    watcher.start();
    agent.log.info("watching the Deployments of {} in namespaces {}{}; postmortems go to {}", config.cluster(),
        config.namespaces(), config.selector().isEmpty() ? "" : " selected by " + config.selector(),
        config.postmortemDir().toAbsolutePath());
    return agent;
  }

  private static ApiClient client(AgentConfig config) throws IOException {
    Path kubeconfig = config.kubeconfig();
    if (kubeconfig != null) {
      return KubernetesAdapters.clientFromKubeconfig(kubeconfig, config.context());
    }
    return config.inCluster() ? KubernetesAdapters.inClusterClient() : KubernetesAdapters.clientFromEnvironment();
  }

  private static Detector detection(AgentConfig config) {
    DefaultDetection.Builder detection = DefaultDetection.builder().step(config.step()).baseline(config.baseline())
        .wholeWatch(config.judgementWindow());
    if (config.judgesErrorRatio()) {
      detection.errorRatio(AgentConfig.ERROR_RATIO);
    }
    if (config.judgesLatency()) {
      detection.latency(AgentConfig.LATENCY);
    }
    return detection.build();
  }

  /** Every destination of a notification: the configured ones, then an Event on the Deployment. */
  private static List<Notifier> destinations(KubernetesAdapters k8s, AgentConfig config) {
    List<Notifier> all = new ArrayList<>();
    WebhookConfig webhook = config.webhook();
    if (webhook != null) {
      all.add(Notifiers.webhook(webhook));
    }
    SlackConfig slack = config.slack();
    if (slack != null) {
      all.add(Notifiers.slack(slack));
    }
    PagerDutyConfig pagerDuty = config.pagerDuty();
    if (pagerDuty != null) {
      all.add(Notifiers.pagerDuty(pagerDuty));
    }
    all.add(k8s.eventNotifier());
    return all;
  }

  private static SmokeTester smokeTester(KubernetesAdapters k8s, AgentConfig config) {
    String image = config.smokeImage();
    if (image == null) {
      return RollbackAgent::noSmokeTests;
    }
    V1Job template = new V1Job().metadata(new V1ObjectMeta().name("rollback-smoke"))
        .spec(new V1JobSpec().backoffLimit(0).template(new V1PodTemplateSpec()
            .spec(new V1PodSpec().restartPolicy("Never").containers(List.of(new V1Container().name("smoke").image(image))))));
    return k8s.jobSmokeTester(JobSmokeTestConfig.builder(template).build());
  }

  private static SmokeResult noSmokeTests(RollbackManifest manifest) {
    return SmokeResult.of(SmokeCheck.passed("no smoke test",
        "no smoke test configured (--smoke-image); version " + manifest.to().id() + " was not checked", Duration.ZERO));
  }

  /** Returns the settings the agent runs with. */
  public AgentConfig config() {
    return config;
  }

  /** Returns the releases being judged now, as the watcher last announced them. */
  public List<Release> releases() {
    return watcher.releases();
  }

  /**
   * Stops the agent: the watcher (no more releases), then the monitor (no more judgements), then
   * the engine (a run in progress stops and stays unfinished in the run store for the next agent to
   * resume). Idempotent; a second call waits for the first to finish.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitClosedQuietly();
      return;
    }
    log.info("rollback agent stopping: closing the release watcher, the monitor and the engine");
    try {
      watcher.close();
      monitor.close();
      engine.close();
      log.info("rollback agent stopped");
    } finally {
      closed.countDown();
    }
  }

  /** Waits until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  private void awaitClosedQuietly() {
    try {
      closed.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
