package dev.rollback.benchmarks.k8s;

import dev.rollback.core.Node;
import dev.rollback.k8s.ControlPlane;
import dev.rollback.k8s.Fixtures;
import dev.rollback.k8s.Kubectl;
import dev.rollback.k8s.KubectlRequests;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.k8s.WorkflowTest;
import dev.rollback.spi.RunOutcome;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Benchmark (issue 7, item 4): Kubernetes API requests per rollback, counted on the adapters'
 * client against the real control plane ({@link ControlPlane}), for each outcome and rollout
 * shape; then, for an in-place rollback whose pods take a given time to turn ready (kwok's {@code
 * rollback.test/ready-after}), our requests next to what {@code kubectl rollout undo} + {@code
 * kubectl rollout status} send (the kubectl of the apiserver's release, run with {@code -v=6}
 * against the same apiserver, its requests read from its log), with the readiness watch working
 * and with the apiserver refusing it (the Role without {@code watch} on pods: polling fallback).
 *
 * <p>Run: {@code main [repeats] [pod start times in ms, comma-separated]}; defaults 3 and 1000,5000.
 */
public final class ApiEconomyBenchmark {
  /** Nodes that do what kubectl rollout undo + status do; every other node is an extra step. */
  static final List<Node> KUBECTL_EQUIVALENT = List.of(Node.IDENTIFY_CURRENT, Node.FETCH_PREVIOUS,
      Node.PREPARE_MANIFEST, Node.DEPLOY_PREVIOUS, Node.WAIT_READY);
  /** Slack on the measured wait for {@link #waitBound}: the watch thread's schedule starts a little after n13's. */
  static final Duration BOUND_SLACK = Duration.ofMillis(200);

  /** The runs of one outcome and shape. */
  record OutcomeRow(RolloutShape shape, RunOutcome outcome, List<MeteredRollback.Metered> runs) {
    List<Long> totals() {
      return runs.stream().map(MeteredRollback.Metered::total).toList();
    }

    MeteredRollback.Metered last() {
      return runs.get(runs.size() - 1);
    }
  }

  /** What kubectl sent for one rollback (both commands), from its {@code -v=6} log. */
  record KubectlCount(List<KubectlRequests.Request> requests, String namespace) {
    long total() {
      return requests.size();
    }

    long discovery() {
      return requests.stream().filter(KubectlRequests.Request::discovery).count();
    }

    long api() {
      return total() - discovery();
    }

    long watches() {
      return requests.stream().filter(KubectlRequests.Request::watch).count();
    }

    /** Returns "2x GET /apis/apps/v1/namespaces/NS/deployments/checkout; 1x ...", in order of first use. */
    String breakdown() {
      return requests.stream().map(r -> r.describe(namespace))
          .collect(Collectors.groupingBy(s -> s, LinkedHashMap::new, Collectors.counting()))
          .entrySet().stream().map(e -> e.getValue() + "x " + e.getKey()).collect(Collectors.joining("; "));
    }
  }

  /** One pod start time: kubectl's count, ours with a working watch and with the polling fallback. */
  record WaitRow(Duration podStart, KubectlCount kubectl, MeteredRollback.Metered watch,
      MeteredRollback.Metered polling) {}

  /** Everything measured, and the printed tables. */
  record Report(List<OutcomeRow> outcomes, List<WaitRow> waits, String table) {}

  private ApiEconomyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<Duration> waits = args.length > 1
        ? Arrays.stream(args[1].split(",")).map(s -> Duration.ofMillis(Long.parseLong(s.trim()))).toList()
        : List.of(Duration.ofSeconds(1), Duration.ofSeconds(5));
    BenchControlPlane.require();
    System.out.println(run(repeats, waits).table());
    // OkHttp's and the engine's threads would keep the JVM up; the shutdown hook stops the control plane.
    System.exit(0);
  }

  static Report run(int repeats, List<Duration> podStarts) throws Exception {
    List<OutcomeRow> outcomes = new ArrayList<>();
    for (RolloutShape shape : RolloutShape.values()) {
      for (RunOutcome outcome : RunOutcome.values()) {
        outcomes.add(outcome(shape, outcome, repeats));
      }
    }
    List<WaitRow> waits = new ArrayList<>();
    for (Duration d : podStarts) {
      waits.add(new WaitRow(d, kubectl(d), inPlace(d, true), inPlace(d, false)));
    }
    return new Report(outcomes, waits, BenchmarkTables.apiEconomy(outcomes, waits));
  }

  private static OutcomeRow outcome(RolloutShape shape, RunOutcome outcome, int repeats) throws Exception {
    List<MeteredRollback.Metered> runs = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      try (BenchCluster c = new BenchCluster(BenchCluster.Access.SHIPPED_ROLE)) {
        if (outcome == RunOutcome.ROLLBACK_FAILED) {
          // As WorkflowTest: pods that crash-loop (blue/green) or cannot pull their image (in place).
          c.fixtures.fault(Fixtures.IMAGE_V1,
              shape == RolloutShape.BLUE_GREEN ? Fixtures.Fault.CRASH_LOOP : Fixtures.Fault.IMAGE_PULL);
        }
        c.setUp(shape, outcome != RunOutcome.MANUAL_NEEDED);
        String smoke = outcome == RunOutcome.NEEDS_ATTENTION ? WorkflowTest.SMOKE_FAILING : WorkflowTest.SMOKE_OK;
        MeteredRollback.Metered m = MeteredRollback.run(c, shape, smoke, null, e -> {});
        if (m.result().outcome() != outcome) {
          throw new IllegalStateException(shape + " run meant to end " + outcome + " ended "
              + m.result().outcome() + ": " + m.result().journal());
        }
        runs.add(m);
      }
    }
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("repeats must be positive but was " + repeats);
    }
    return new OutcomeRow(shape, outcome, List.copyOf(runs));
  }

  /**
   * An in-place rollback to v1 whose pods turn ready {@code podStart} after they run; with {@code
   * watchWorks} false the Role lacks {@code watch} on pods, so the apiserver refuses the watch.
   */
  static MeteredRollback.Metered inPlace(Duration podStart, boolean watchWorks) throws Exception {
    try (BenchCluster c = new BenchCluster(watchWorks ? BenchCluster.Access.SHIPPED_ROLE : BenchCluster.Access.NO_POD_WATCH)) {
      c.fixtures.readyAfter(Fixtures.IMAGE_V1, podStart);
      c.setUp(RolloutShape.IN_PLACE, true);
      MeteredRollback.Metered m = MeteredRollback.run(c, RolloutShape.IN_PLACE, WorkflowTest.SMOKE_OK, null, e -> {});
      if (m.result().outcome() != RunOutcome.ROLLED_BACK) {
        throw new IllegalStateException("in-place rollback ended " + m.result().outcome() + ": " + m.result().journal());
      }
      return m;
    }
  }

  /**
   * Runs {@code kubectl rollout undo}, then {@code kubectl rollout status}, with {@code -v=6}, as
   * the namespace's ServiceAccount (the shipped Role plus watch on Deployments) on the fixture of
   * {@link #inPlace}, with a fresh discovery cache shared by the two commands.
   */
  static KubectlCount kubectl(Duration podStart) throws Exception {
    Path dir = Files.createTempDirectory("rollback-kubectl-bench");
    try (BenchCluster c = new BenchCluster(BenchCluster.Access.KUBECTL)) {
      c.fixtures.readyAfter(Fixtures.IMAGE_V1, podStart);
      c.setUp(RolloutShape.IN_PLACE, true);
      Kubectl kubectl = Kubectl.asServiceAccount(c.cluster, dir);
      String deployment = "deployment/" + Fixtures.APP;
      Kubectl.Result undo = kubectl.run("-v=6", "rollout", "undo", deployment, "-n", c.cluster.ns);
      Kubectl.Result status = kubectl.run("-v=6", "rollout", "status", deployment, "-n", c.cluster.ns, "--timeout=60s");
      if (undo.exitCode() != 0 || status.exitCode() != 0 || !status.output().contains("successfully rolled out")) {
        throw new IllegalStateException("kubectl failed:\n" + undo + "\n" + status);
      }
      List<KubectlRequests.Request> sent = new ArrayList<>(KubectlRequests.parse(undo.output()));
      sent.addAll(KubectlRequests.parse(status.output()));
      String image = new AppsV1Api(c.cluster.plainClient()).readNamespacedDeployment(Fixtures.APP, c.cluster.ns)
          .execute().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
      if (!Fixtures.IMAGE_V1.equals(image)) {
        throw new IllegalStateException("kubectl rollout undo left the Deployment at " + image);
      }
      return new KubectlCount(List.copyOf(sent), c.cluster.ns);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * Returns the most requests n13 (with the watch thread) may send while it lasts {@code waited},
   * from the default backoff schedules: the engine's readiness polls at 0, 1, 3, 7, 15 s ... (at
   * most 3 requests each in place: the Deployment, its ReplicaSets unless read within the read
   * reuse, the pods; once the watch is handed over they are 15 s apart, but the plain schedule
   * bounds both); watchReadiness finding its target (the Deployment and its ReplicaSets, unless
   * read recently); the watch thread's list and its watch; and when the watch is refused, the
   * watch thread's polls at 0.2, 0.6, 1.4, 3, 5 s ... (one pod list each). The measured wait, not
   * the pod start, sets the bound, so a loaded machine that takes longer gets a bound to match.
   */
  static long waitBound(Duration waited, boolean watchWorks) {
    long w = waited.plus(BOUND_SLACK).toMillis();
    return 3 * polls(w, 0, 1000, 15_000) + 2 + 2 + (watchWorks ? 0 : polls(w, 200, 400, 2000));
  }

  /** Counts poll instants up to {@code w} ms: the first at {@code first}, then delays doubling from {@code initial} to {@code max}. */
  private static long polls(long w, long first, long initial, long max) {
    long count = 0;
    long delay = initial;
    for (long t = first; t <= w; t += delay, delay = Math.min(delay * 2, max)) {
      count++;
    }
    return count;
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** The requests of the nodes that kubectl's two commands do not do. */
  static Map<Node, Long> extra(MeteredRollback.Metered m) {
    Map<Node, Long> out = new EnumMap<>(Node.class);
    m.byNode().forEach((n, c) -> {
      if (!KUBECTL_EQUIVALENT.contains(n)) {
        out.put(n, c);
      }
    });
    return out;
  }

  /** Our requests in the steps kubectl's two commands do, with the readiness watch thread's. */
  static long kubectlEquivalent(MeteredRollback.Metered m) {
    return m.in(KUBECTL_EQUIVALENT) + m.watchThread();
  }

  /**
   * The requests that conflicts cost in the kubectl-equivalent steps: each 409 is a refused write
   * and a fresh read before the write is sent again. In n12 they come from the Deployment
   * controller writing the status after n11's scale-down (an extra step kubectl does not take)
   * and before n12's patch, conditional on the resourceVersion n11's answer gave.
   */
  static long conflictCost(MeteredRollback.Metered m) {
    return 2 * m.requests().stream()
        .filter(r -> r.status() == 409 && r.node() != null && KUBECTL_EQUIVALENT.contains(r.node())).count();
  }
}
