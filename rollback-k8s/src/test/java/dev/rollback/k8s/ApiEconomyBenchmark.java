package dev.rollback.k8s;

import dev.rollback.core.Node;
import dev.rollback.core.RunEvent;
import dev.rollback.spi.RunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Benchmark (issue 7, item 4): Kubernetes API requests per rollback, counted on the fabric8 CRUD
 * mock, for each outcome and rollout shape; then, for an in-place rollback whose pods take a given
 * time to start, our requests next to what {@code kubectl rollout undo} + {@code kubectl rollout
 * status} send (measured by running the kubectl on PATH against the same mock), with the readiness
 * watch working (scripted) and with the polling fallback (the CRUD mock refuses watches).
 *
 * <p>Run: {@code main [repeats] [pod start times in ms, comma-separated]}; defaults 3 and 1000,5000.
 */
public final class ApiEconomyBenchmark {
  /** Nodes that do what kubectl rollout undo + status do; every other node is an extra step. */
  static final List<Node> KUBECTL_EQUIVALENT = List.of(Node.IDENTIFY_CURRENT, Node.FETCH_PREVIOUS,
      Node.PREPARE_MANIFEST, Node.DEPLOY_PREVIOUS, Node.WAIT_READY);

  /** Requests of one outcome and shape over several runs. */
  record OutcomeRow(RolloutShape shape, RunOutcome outcome, List<Long> totals, long reads, long writes,
      long watchRequests, String byNode) {}

  /** What kubectl sent for one rollback: discovery (and the dispatcher's /version) apart from API calls. */
  record KubectlCount(long total, long discovery, long api, long watches, String requests) {}

  /** One pod start time: kubectl's count, ours with a working watch and with the polling fallback. */
  record WaitRow(Duration podStart, @Nullable KubectlCount kubectl, MeteredRollback.Metered watch,
      MeteredRollback.Metered polling) {}

  /** Everything measured, and the printed tables. */
  record Report(List<OutcomeRow> outcomes, List<WaitRow> waits, @Nullable String kubectlMissing, String table) {}

  private ApiEconomyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<Duration> waits = args.length > 1
        ? Arrays.stream(args[1].split(",")).map(s -> Duration.ofMillis(Long.parseLong(s.trim()))).toList()
        : List.of(Duration.ofSeconds(1), Duration.ofSeconds(5));
    System.out.println(run(repeats, waits).table());
    System.exit(0); // the mock's Vert.x threads are not daemons
  }

  static Report run(int repeats, List<Duration> podStarts) throws Exception {
    List<OutcomeRow> outcomes = new ArrayList<>();
    for (RolloutShape shape : RolloutShape.values()) {
      for (RunOutcome outcome : RunOutcome.values()) {
        outcomes.add(outcome(shape, outcome, repeats));
      }
    }
    Path kubectlPath = Kubectl.find();
    String missing = kubectlPath == null ? "kubectl is not on PATH: its requests were not measured" : null;
    List<WaitRow> waits = new ArrayList<>();
    for (Duration d : podStarts) {
      waits.add(new WaitRow(d, kubectlPath == null ? null : kubectl(d), inPlace(d, true), inPlace(d, false)));
    }
    return new Report(outcomes, waits, missing, BenchmarkTables.apiEconomy(outcomes, waits, missing));
  }

  private static OutcomeRow outcome(RolloutShape shape, RunOutcome outcome, int repeats) throws Exception {
    List<Long> totals = new ArrayList<>();
    long reads = 0;
    long writes = 0;
    long watches = 0;
    MeteredRollback.Metered last = null;
    for (int i = 0; i < repeats; i++) {
      try (BenchCluster c = new BenchCluster(shape, outcome != RunOutcome.MANUAL_NEEDED)) {
        if (outcome == RunOutcome.ROLLBACK_FAILED) {
          c.sim.behave(Fixtures.IMAGE_V1, ClusterSimulator.Behaviour.CRASH_LOOP);
        }
        c.start();
        String smoke = outcome == RunOutcome.NEEDS_ATTENTION ? WorkflowTest.SMOKE_FAILING : WorkflowTest.SMOKE_OK;
        last = MeteredRollback.run(c, shape, smoke, null, e -> {});
        if (last.result().outcome() != outcome) {
          throw new IllegalStateException(shape + " run meant to end " + outcome + " ended "
              + last.result().outcome() + ": " + last.result().journal());
        }
        List<ServerRequestLog.Entry> mine = c.log.from(BenchCluster.ADAPTER_AGENT);
        totals.add(last.total());
        reads += mine.stream().filter(e -> e.method().equals("GET")).count();
        writes += mine.stream().filter(e -> !e.method().equals("GET")).count();
        watches += last.watchRequests();
      }
    }
    return new OutcomeRow(shape, outcome, totals, reads / repeats, writes / repeats, watches / repeats,
        BenchmarkTables.byNode(last));
  }

  /** An in-place rollback to v1 whose pods turn ready {@code podStart} after the deploy step. */
  static MeteredRollback.Metered inPlace(Duration podStart, boolean watchWorks) throws Exception {
    try (BenchCluster c = new BenchCluster(RolloutShape.IN_PLACE, true)) {
      c.sim.holdReadiness();
      if (watchWorks) {
        c.api.scriptPodWatches();
      }
      c.start();
      MeteredRollback.Metered m = MeteredRollback.run(c, RolloutShape.IN_PLACE, WorkflowTest.SMOKE_OK, null, e -> {
        if (e instanceof RunEvent.StepFinished f && f.entry().node() == Node.DEPLOY_PREVIOUS) {
          c.podsReadyIn(podStart);
        }
      });
      if (m.result().outcome() != RunOutcome.ROLLED_BACK) {
        throw new IllegalStateException("in-place rollback ended " + m.result().outcome() + ": " + m.result().journal());
      }
      return m;
    }
  }

  /** Runs kubectl rollout undo, then rollout status, on the same fixture; pods start as in {@link #inPlace}. */
  static KubectlCount kubectl(Duration podStart) throws Exception {
    Path dir = Files.createTempDirectory("rollback-kubectl-bench");
    try (BenchCluster c = new BenchCluster(RolloutShape.IN_PLACE, true)) {
      c.sim.holdReadiness();
      c.start();
      Kubectl kubectl = new Kubectl(c.cluster.baseUrl(), dir);
      Kubectl.Result undo = kubectl.run("rollout", "undo", "deployment/" + Fixtures.APP, "-n", Fixtures.NS);
      c.podsReadyIn(podStart);
      Kubectl.Result status = kubectl.run("rollout", "status", "deployment/" + Fixtures.APP, "-n", Fixtures.NS,
          "--timeout=60s");
      if (undo.exitCode() != 0 || status.exitCode() != 0 || !status.output().contains("successfully rolled out")) {
        throw new IllegalStateException("kubectl failed: " + undo + " / " + status);
      }
      List<ServerRequestLog.Entry> sent = c.log.from("kubectl");
      long discovery = sent.stream().filter(ApiEconomyBenchmark::discovery).count();
      return new KubectlCount(sent.size(), discovery, sent.size() - discovery,
          sent.stream().filter(ServerRequestLog.Entry::watch).count(),
          sent.stream().map(e -> e.method() + " " + e.resource() + (e.watch() ? " (watch)" : ""))
              .collect(Collectors.groupingBy(s -> s, java.util.LinkedHashMap::new, Collectors.counting()))
              .entrySet().stream().map(e -> e.getValue() + "x " + e.getKey()).collect(Collectors.joining("; ")));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Returns the most requests n13 may send for pods that start in {@code podStart}, from the
   * backoff schedules (defaults): the engine's readiness polls at 0, 1, 3, 7, 15 s ... (at most 3
   * requests each in place: Deployment, ReplicaSets unless read within the read reuse, pods);
   * watchReadiness finding its target (Deployment and ReplicaSets, unless read recently); the watch thread's list and watch, and its re-list and re-watch when a scripted
   * stream ends. When the watch is refused, the wait lasts until the first poll of either schedule
   * after the pods are ready, and the watch thread polls at 0.2, 0.6, 1.4, 3, 5 s ... (one pod list
   * each). 400 ms of slack covers the event lag and scheduling.
   */
  static long waitBound(Duration podStart, boolean watchWorks) {
    long ready = podStart.toMillis();
    long end = watchWorks ? ready : Math.min(nextPoll(ready, 0, 1000, 15_000), nextPoll(ready, 200, 400, 2000));
    long w = end + 400;
    return 3 * polls(w, 0, 1000, 15_000) + 2 + 4 + (watchWorks ? 0 : polls(w, 200, 400, 2000));
  }

  private static long nextPoll(long after, long first, long initial, long max) {
    long t = first;
    long delay = initial;
    while (t < after) {
      t += delay;
      delay = Math.min(delay * 2, max);
    }
    return t;
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

  private static boolean discovery(ServerRequestLog.Entry e) {
    String r = e.resource();
    return r.equals("/version") || r.equals("/api") || r.equals("/apis") || r.equals("/api/v1")
        || (r.startsWith("/apis/") && r.split("/").length == 4);
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  static Map<Node, Long> extra(MeteredRollback.Metered m) {
    Map<Node, Long> out = new java.util.EnumMap<>(Node.class);
    m.byNode().forEach((n, c) -> {
      if (!KUBECTL_EQUIVALENT.contains(n)) {
        out.put(n, c);
      }
    });
    return out;
  }
}
