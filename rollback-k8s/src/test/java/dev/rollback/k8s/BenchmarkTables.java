package dev.rollback.k8s;

import static dev.rollback.k8s.ApiEconomyBenchmark.format;

import dev.rollback.core.Node;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Prints the tables of the Kubernetes benchmarks. */
final class BenchmarkTables {
  private BenchmarkTables() {}

  /** Returns "n6 2, n7 2, ..., watch 3": requests per node in workflow order, then the watch thread's. */
  static String byNode(MeteredRollback.@Nullable Metered m) {
    if (m == null) {
      return "";
    }
    String nodes = m.byNode().entrySet().stream()
        .map(e -> e.getKey().seedId() + " " + e.getValue()).collect(Collectors.joining(", "));
    return m.watchThread() == 0 ? nodes : nodes + ", watch thread " + m.watchThread();
  }

  static String apiEconomy(List<ApiEconomyBenchmark.OutcomeRow> outcomes, List<ApiEconomyBenchmark.WaitRow> waits,
      @Nullable String kubectlMissing) {
    StringBuilder out = new StringBuilder();
    out.append("\nKubernetes API requests per rollback (engine + adapters, default policy and config), fabric8 CRUD mock,\n")
        .append("pods ready at once; the mock refuses watches, so readiness falls back to polling\n");
    out.append(format("%-11s %-16s %5s %14s %6s %7s %6s  %s%n", "shape", "outcome", "runs", "requests", "reads",
        "writes", "watch", "per node (last run; n-ids as in DESIGN.md)"));
    for (ApiEconomyBenchmark.OutcomeRow r : outcomes) {
      long min = r.totals().stream().mapToLong(Long::longValue).min().orElse(0);
      long max = r.totals().stream().mapToLong(Long::longValue).max().orElse(0);
      out.append(format("%-11s %-16s %5d %14s %6d %7d %6d  %s%n", r.shape(), r.outcome(), r.totals().size(),
          min == max ? Long.toString(min) : min + "-" + max, r.reads(), r.writes(), r.watchRequests(), r.byNode()));
    }
    out.append("\nIn-place rollback whose pods turn ready a given time after the deploy request, vs kubectl\n")
        .append("(kubectl rollout undo deployment/checkout; kubectl rollout status deployment/checkout --timeout=60s)\n");
    out.append(format("%-9s %-22s %8s %9s %6s %8s %6s  %s%n", "pods in", "client", "requests", "undo+wait",
        "extra", "in wait", "bound", "breakdown"));
    for (ApiEconomyBenchmark.WaitRow w : waits) {
      String podStart = w.podStart().toMillis() + " ms";
      ApiEconomyBenchmark.KubectlCount k = w.kubectl();
      if (k == null) {
        out.append(format("%-9s %-22s %8s  %s%n", podStart, "kubectl", "-", kubectlMissing));
      } else {
        out.append(format("%-9s %-22s %8d %9d %6s %8s %6s  %d discovery/version + %d API (%d watch): %s%n", podStart,
            "kubectl", k.total(), k.api(), "-", "-", "-", k.discovery(), k.api(), k.watches(), k.requests()));
      }
      row(out, podStart, "ours, watch works", w.watch(), ApiEconomyBenchmark.waitBound(w.podStart(), true));
      row(out, podStart, "ours, polling fallback", w.polling(), ApiEconomyBenchmark.waitBound(w.podStart(), false));
    }
    out.append("undo+wait: our requests in n6 n7 n9 n12 n13 (+ the readiness watch thread), the steps kubectl's two\n")
        .append("commands do; extra: the other steps (alert and on-call Events, scale-down bookkeeping, pod health,\n")
        .append("selector, smoke Job, status record, cleanup). in wait: n13's requests; bound: what the backoff\n")
        .append("schedules allow (ApiEconomyBenchmark.waitBound). kubectl's counts are server-side, by User-Agent.\n");
    return out.toString();
  }

  private static void row(StringBuilder out, String podStart, String client, MeteredRollback.Metered m, long bound) {
    long core = m.in(ApiEconomyBenchmark.KUBECTL_EQUIVALENT) + m.watchThread();
    long wait = m.byNode().getOrDefault(Node.WAIT_READY, 0L) + m.watchThread();
    Map<Node, Long> extra = ApiEconomyBenchmark.extra(m);
    out.append(format("%-9s %-22s %8d %9d %6d %8d %6d  %s%n", podStart, client, m.total(), core,
        extra.values().stream().mapToLong(Long::longValue).sum(), wait, bound, byNode(m)));
  }
}
