package dev.rollback.benchmarks.k8s;

import static dev.rollback.benchmarks.k8s.ApiEconomyBenchmark.format;

import dev.rollback.core.Node;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** Prints the tables of the Kubernetes benchmarks. */
final class BenchmarkTables {
  private BenchmarkTables() {}

  /** Returns "n6 2, n7 2, ..., w 3": requests per node in workflow order, then the watch thread's. */
  static String byNode(MeteredRollback.Metered m) {
    String nodes = m.byNode().entrySet().stream()
        .map(e -> e.getKey().seedId() + " " + e.getValue()).collect(Collectors.joining(", "));
    return m.watchThread() == 0 ? nodes : nodes + ", w " + m.watchThread();
  }

  static String apiEconomy(List<ApiEconomyBenchmark.OutcomeRow> outcomes, List<ApiEconomyBenchmark.WaitRow> waits) {
    StringBuilder out = new StringBuilder();
    out.append("\nKubernetes API requests per rollback (engine + adapters, default policy and config), counted on the\n")
        .append("adapters' client against the real apiserver; pods ready as soon as kwok starts them; the watch works\n");
    out.append(format("%-11s %-16s %4s %8s %6s %6s %5s %4s  %s%n", "shape", "outcome", "runs", "requests", "reads",
        "writes", "watch", "409", "per node (last run; n-ids as in DESIGN.md, w = watch thread); answers not 2xx"));
    for (ApiEconomyBenchmark.OutcomeRow r : outcomes) {
      List<MeteredRollback.Metered> runs = r.runs();
      MeteredRollback.Metered m = r.last();
      out.append(format("%-11s %-16s %4d %8s %6s %6s %5s %4s  %s%s%n", r.shape(), r.outcome(), runs.size(),
          range(runs, MeteredRollback.Metered::total), range(runs, MeteredRollback.Metered::reads),
          range(runs, MeteredRollback.Metered::writes), range(runs, MeteredRollback.Metered::watchRequests),
          range(runs, MeteredRollback.Metered::conflicts), byNode(m), m.failures().isEmpty() ? "" : "; " + m.failures()));
    }
    out.append("\nIn-place rollback whose pods turn ready a given time after they start (kwok rollback.test/ready-after),\n")
        .append("vs kubectl -v=6 rollout undo deployment/checkout; kubectl -v=6 rollout status deployment/checkout --timeout=60s\n");
    out.append(format("%-8s %-22s %8s %9s %9s %6s %8s %9s %6s  %s%n", "pods in", "client", "requests", "undo+wait",
        "409 cost", "extra", "in wait", "waited", "bound", "breakdown"));
    for (ApiEconomyBenchmark.WaitRow w : waits) {
      String podStart = w.podStart().toMillis() + " ms";
      ApiEconomyBenchmark.KubectlCount k = w.kubectl();
      out.append(format("%-8s %-22s %8d %9d %9s %6s %8s %9s %6s  %d discovery + %d API (%d watch): %s%n", podStart,
          "kubectl", k.total(), k.total(), "-", "-", "-", "-", "-", k.discovery(), k.api(), k.watches(), k.breakdown()));
      row(out, podStart, "ours, watch works", w.watch(), true);
      row(out, podStart, "ours, polling fallback", w.polling(), false);
    }
    out.append("undo+wait: our requests in n6 n7 n9 n12 n13 (+ the readiness watch thread), the steps kubectl's two\n")
        .append("commands do (kubectl: all it sent, discovery included); 409 cost: what conflicts added to undo+wait\n")
        .append("(a refused write and a re-read each); extra: the other steps (alert and on-call\n")
        .append("Events, scale-down bookkeeping, pod health, selector, smoke Job, status record, cleanup). in wait:\n")
        .append("n13's requests and the watch thread's; waited: how long n13 lasted; bound: what the backoff schedules\n")
        .append("allow in that time (ApiEconomyBenchmark.waitBound). Polling fallback: the Role lacks watch on pods.\n");
    return out.toString();
  }

  private static void row(StringBuilder out, String podStart, String client, MeteredRollback.Metered m, boolean watch) {
    Map<Node, Long> extra = ApiEconomyBenchmark.extra(m);
    out.append(format("%-8s %-22s %8d %9d %9d %6d %8d %6d ms %6d  %s%s%n", podStart, client, m.total(),
        ApiEconomyBenchmark.kubectlEquivalent(m), ApiEconomyBenchmark.conflictCost(m),
        extra.values().stream().mapToLong(Long::longValue).sum(), m.inWait(),
        m.waited().toMillis(), ApiEconomyBenchmark.waitBound(m.waited(), watch), byNode(m),
        m.failures().isEmpty() ? "" : "; not 2xx: " + m.failures()));
  }

  /** Returns "24" or "24-26": the least and the most of {@code f} over {@code values}. */
  static <T> String range(List<T> values, ToLongFunction<T> f) {
    long min = values.stream().mapToLong(f).min().orElse(0);
    long max = values.stream().mapToLong(f).max().orElse(0);
    return min == max ? Long.toString(min) : min + "-" + max;
  }
}
