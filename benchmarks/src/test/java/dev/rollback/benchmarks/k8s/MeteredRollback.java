package dev.rollback.benchmarks.k8s;

import dev.rollback.core.Node;
import dev.rollback.core.RollbackPolicy;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunListener;
import dev.rollback.core.RunResult;
import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.k8s.Fixtures;
import dev.rollback.k8s.JobSmokeTestConfig;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.k8s.KubernetesAdapters;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.k8s.WorkflowTest;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * Runs one rollback with the real engine (default {@link RollbackPolicy}) over the Kubernetes
 * adapters (default {@link KubernetesAdapterConfig} for the shape) on a {@link BenchCluster}, and
 * records every request the adapters' client sends, through an OkHttp interceptor: a request
 * belongs to the workflow node whose step was running when it was sent (as a {@link RunListener}
 * sees the steps start), except that those sent on the readiness watch's own thread (its watch;
 * its pod lists run on the HTTP client's threads and count under the running node, n13) are
 * counted apart. The interceptor also notes when bytes of a watch's stream reach the client.
 */
final class MeteredRollback {
  /** The prefix of the name of the thread the adapters' readiness watch runs on. */
  static final String WATCH_THREAD = "rollback-k8s-readiness";

  /**
   * One request as the adapters' client sent it.
   *
   * @param node the node whose step was running, or null when sent on the readiness watch's thread
   * @param status the answer's HTTP status, 0 when none came
   * @param sentAt when it was sent ({@link System#nanoTime()})
   * @param answeredAt when the answer's headers came
   */
  record Request(@Nullable Node node, String method, String path, String query, int status, long sentAt,
      long answeredAt) {
    boolean watch() {
      return query.contains("watch=true") || query.contains("watch=1");
    }

    boolean read() {
      return method.equals("GET");
    }

    boolean podList() {
      return read() && !watch() && path.endsWith("/pods");
    }
  }

  /**
   * What a run sent, and when it waited for the pods.
   *
   * @param waitStarted when n13 started ({@link System#nanoTime()}; 0 if it did not run)
   * @param waitEnded when n13 finished, as the listener saw it
   * @param watchBytes when bytes of a watch's answer reached the adapters' client, in order
   */
  record Metered(RunResult result, List<Request> requests, long waitStarted, long waitEnded, List<Long> watchBytes) {
    /** Requests per node in workflow order, without the watch thread's. */
    Map<Node, Long> byNode() {
      Map<Node, Long> out = new EnumMap<>(Node.class);
      for (Request r : requests) {
        if (r.node() != null) {
          out.merge(r.node(), 1L, Long::sum);
        }
      }
      return out;
    }

    long watchThread() {
      return requests.stream().filter(r -> r.node() == null).count();
    }

    long watchRequests() {
      return requests.stream().filter(Request::watch).count();
    }

    long total() {
      return requests.size();
    }

    long reads() {
      return requests.stream().filter(Request::read).count();
    }

    long writes() {
      return total() - reads();
    }

    long conflicts() {
      return requests.stream().filter(r -> r.status() == 409).count();
    }

    long in(List<Node> nodes) {
      return requests.stream().filter(r -> r.node() != null && nodes.contains(r.node())).count();
    }

    /** The requests of n13 and of the watch thread: what waiting for the pods cost. */
    long inWait() {
      return in(List.of(Node.WAIT_READY)) + watchThread();
    }

    /** How long n13 lasted. */
    Duration waited() {
      return Duration.ofNanos(waitEnded - waitStarted);
    }

    /** Returns "409 x1 (PUT deployments), 403 x1 (GET pods (watch))": the answers that were not 2xx, by status. */
    String failures() {
      Map<Integer, List<Request>> byStatus = new TreeMap<>();
      requests.stream().filter(r -> r.status() < 200 || r.status() >= 300)
          .forEach(r -> byStatus.computeIfAbsent(r.status(), s -> new ArrayList<>()).add(r));
      return byStatus.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue().size() + " ("
          + e.getValue().stream().map(r -> r.method() + " " + r.path().substring(r.path().lastIndexOf('/') + 1)
              + (r.watch() ? " (watch)" : "")).distinct().collect(Collectors.joining(", ")) + ")")
          .collect(Collectors.joining(", "));
    }
  }

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Long> watchBytes = new CopyOnWriteArrayList<>();
  private volatile Node current = Node.START;
  private volatile long waitStarted;
  private volatile long waitEnded;

  private MeteredRollback() {}

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
      Node node = Thread.currentThread().getName().startsWith(WATCH_THREAD) ? null : m.current;
      var request = chain.request();
      long sent = System.nanoTime();
      Response response;
      try {
        response = chain.proceed(request);
      } catch (IOException e) {
        m.requests.add(m.entry(node, request, 0, sent));
        throw e;
      }
      Request entry = m.entry(node, request, response.code(), sent);
      m.requests.add(entry);
      ResponseBody body = response.body();
      return entry.watch() && body != null ? response.newBuilder().body(m.timed(body)).build() : response;
    }).build());
    KubernetesAdapters k8s = KubernetesAdapters.create(client, KubernetesAdapterConfig.builder().shape(shape).build());
    try (RollbackEngine engine = RollbackEngine.builder()
        .versionRegistry(k8s.versionRegistry())
        .clusterDriver(k8s.clusterDriver())
        .smokeTester(k8s.jobSmokeTester(smokeJob(smokeImage, smokePoll)))
        .notifier(k8s.eventNotifier())
        .policy(RollbackPolicy.builder().build())
        .listener(event -> {
          if (event instanceof RunEvent.StepStarted s) {
            m.current = s.node();
            if (s.node() == Node.WAIT_READY) {
              m.waitStarted = System.nanoTime();
            }
          } else if (event instanceof RunEvent.StepFinished f && f.entry().node() == Node.WAIT_READY) {
            m.waitEnded = System.nanoTime();
          }
          listener.onEvent(event);
        })
        .build()) {
      RunResult result = engine.start(cluster.ref(), Trigger.manual("bench", "error ratio 12%"))
          .get(180, TimeUnit.SECONDS);
      return new Metered(result, List.copyOf(m.requests), m.waitStarted, m.waitEnded, List.copyOf(m.watchBytes));
    }
  }

  private Request entry(@Nullable Node node, okhttp3.Request request, int status, long sent) {
    String query = request.url().encodedQuery();
    return new Request(node, request.method(), request.url().encodedPath(), query == null ? "" : query, status, sent,
        System.nanoTime());
  }

  /** Wraps a watch's answer so that every read that brings bytes notes its instant in {@link #watchBytes}. */
  private ResponseBody timed(ResponseBody body) {
    BufferedSource source = Okio.buffer(new ForwardingSource(body.source()) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long n = super.read(sink, byteCount);
        if (n > 0) {
          watchBytes.add(System.nanoTime());
        }
        return n;
      }
    });
    return new ResponseBody() {
      @Override
      public @Nullable MediaType contentType() {
        return body.contentType();
      }

      @Override
      public long contentLength() {
        return body.contentLength();
      }

      @Override
      public BufferedSource source() {
        return source;
      }

      @Override
      public void close() {
        body.close();
      }
    };
  }

  /**
   * The smoke Job of the benchmarks: one container checking the version, default timeout; kwok
   * makes the pods of {@link WorkflowTest#SMOKE_FAILING} exit 1.
   */
  static JobSmokeTestConfig smokeJob(String image, @Nullable Duration poll) {
    V1ObjectMeta podMeta = new V1ObjectMeta();
    if (WorkflowTest.SMOKE_FAILING.equals(image)) {
      podMeta.annotations(Map.of(Fixtures.FAULT, Fixtures.Fault.JOB_FAIL.annotation));
    }
    V1Job template = new V1Job().metadata(new V1ObjectMeta().name("checkout-smoke"))
        .spec(new V1JobSpec().backoffLimit(0).template(new V1PodTemplateSpec().metadata(podMeta)
            .spec(new V1PodSpec().restartPolicy("Never").containers(List.of(new V1Container().name("smoke").image(image))))));
    JobSmokeTestConfig.Builder b = JobSmokeTestConfig.builder(template);
    if (poll != null) {
      b.pollInterval(poll);
    }
    return b.build();
  }
}
