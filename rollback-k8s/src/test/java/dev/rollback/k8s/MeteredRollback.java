package dev.rollback.k8s;

import dev.rollback.core.Node;
import dev.rollback.core.RollbackEngine;
import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunListener;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Runs one rollback with the real engine over the Kubernetes adapters (their default
 * configuration and the engine's default policy) on a {@link BenchCluster}, and counts the
 * adapters' requests per workflow node: a request belongs to the node whose step was running when
 * it was sent, except that those sent on the readiness watch's own thread (its watches; its lists
 * run on the HTTP client's threads and count under n13) are counted apart.
 */
final class MeteredRollback {
  /** What a run sent. */
  record Metered(RunResult result, Map<Node, Long> byNode, long watchThread, long watchRequests,
      long total, long serverTotal) {
    long in(List<Node> nodes) {
      return nodes.stream().mapToLong(n -> byNode.getOrDefault(n, 0L)).sum();
    }
  }

  private final Map<Node, AtomicLong> counts = new EnumMap<>(Node.class);
  private final AtomicLong watchThread = new AtomicLong();
  private final AtomicLong watchRequests = new AtomicLong();
  private volatile Node current = Node.START;

  private MeteredRollback() {
    for (Node n : Node.values()) {
      counts.put(n, new AtomicLong());
    }
  }

  /**
   * Runs a rollback of the fixture's deployment to completion.
   *
   * @param smokePoll the smoke Job's poll interval, or null for the default (1 s)
   * @param listener told every engine event after the counting listener
   */
  static Metered run(BenchCluster cluster, RolloutShape shape, String smokeImage, @Nullable Duration smokePoll,
      RunListener listener) throws Exception {
    MeteredRollback m = new MeteredRollback();
    ApiClient client = cluster.adapterClient();
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(chain -> {
      if (Thread.currentThread().getName().startsWith("rollback-k8s-readiness")) {
        m.watchThread.incrementAndGet();
      } else {
        m.counts.get(m.current).incrementAndGet();
      }
      if (chain.request().url().toString().contains("watch=true")) {
        m.watchRequests.incrementAndGet();
      }
      return chain.proceed(chain.request());
    }).build());
    KubernetesAdapters k8s = KubernetesAdapters.create(client, KubernetesAdapterConfig.builder().shape(shape).build());
    int before = cluster.log.from(BenchCluster.ADAPTER_AGENT).size();
    try (RollbackEngine engine = RollbackEngine.builder()
        .versionRegistry(k8s.versionRegistry())
        .clusterDriver(k8s.clusterDriver())
        .smokeTester(k8s.jobSmokeTester(smokeJob(smokeImage, smokePoll)))
        .notifier(k8s.eventNotifier())
        .policy(RollbackPolicy.builder().build())
        .listener(event -> {
          if (event instanceof RunEvent.StepStarted s) {
            m.current = s.node();
          }
          listener.onEvent(event);
        })
        .build()) {
      RunResult result = engine.start(WorkflowTest.REF, Trigger.manual("bench", "error ratio 12%"))
          .get(120, TimeUnit.SECONDS);
      Map<Node, Long> byNode = new EnumMap<>(Node.class);
      m.counts.forEach((n, c) -> {
        if (c.get() > 0) {
          byNode.put(n, c.get());
        }
      });
      long total = byNode.values().stream().mapToLong(Long::longValue).sum() + m.watchThread.get();
      long server = cluster.log.from(BenchCluster.ADAPTER_AGENT).size() - before;
      return new Metered(result, byNode, m.watchThread.get(), m.watchRequests.get(), total, server);
    }
  }

  /** The smoke Job of the benchmarks: one container checking the version; default timeout. */
  static JobSmokeTestConfig smokeJob(String image, @Nullable Duration poll) {
    V1Job template = new V1Job().metadata(new V1ObjectMeta().name("checkout-smoke"))
        .spec(new V1JobSpec().backoffLimit(0).template(new V1PodTemplateSpec()
            .spec(new V1PodSpec().restartPolicy("Never").containers(List.of(new V1Container().name("smoke").image(image))))));
    JobSmokeTestConfig.Builder b = JobSmokeTestConfig.builder(template);
    if (poll != null) {
      b.pollInterval(poll);
    }
    return b.build();
  }
}
