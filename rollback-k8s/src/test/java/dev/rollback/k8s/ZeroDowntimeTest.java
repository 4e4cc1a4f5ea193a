package dev.rollback.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.RollbackPolicy;
import dev.rollback.spi.RunId;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.ScaleDown;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V2CrossVersionObjectReference;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerSpec;
import io.kubernetes.client.openapi.models.V2MetricSpec;
import io.kubernetes.client.openapi.models.V2MetricTarget;
import io.kubernetes.client.openapi.models.V2ResourceMetricSource;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue "A rollback that is right on a real cluster", point 1: a test samples the Service's
 * EndpointSlices through each rollback (every 50 ms, from before <i>Scale down new pods</i> to the
 * end of the run) and adds up the time with zero ready endpoints. The restored pods take 3 s to
 * become ready (kwok's ready-after), as a real container with a readiness probe does. With the
 * default policy (keep a floor of one replica serving) that time is 0 in both shapes, also with a
 * HorizontalPodAutoscaler whose minReplicas is above the floor; REMOVE_ALL, an explicit choice,
 * leaves the Service without endpoints until the restored pods are ready.
 */
class ZeroDowntimeTest {
  private static final Duration SAMPLE = Duration.ofMillis(50);
  private static final Duration START_UP = Duration.ofSeconds(3);
  private final WorkflowTest scenario = new WorkflowTest();

  @AfterEach
  void stop() {
    scenario.stop();
  }

  @ParameterizedTest(name = "{0} {1} hpa={2}")
  // KEEP_FLOOR rows run the default policy's scale-down
  @CsvSource({
      "BLUE_GREEN, KEEP_FLOOR, false", "IN_PLACE, KEEP_FLOOR, false",
      "BLUE_GREEN, KEEP_FLOOR, true", "IN_PLACE, KEEP_FLOOR, true",
      "BLUE_GREEN, REMOVE_ALL, false", "IN_PLACE, REMOVE_ALL, false"})
  void secondsWithoutAReadyEndpoint(RolloutShape shape, ScaleDown.Mode mode, boolean hpa) throws Exception {
    // KEEP_FLOOR is what the default policy does; REMOVE_ALL has to be chosen.
    ScaleDown scaleDown = mode == ScaleDown.Mode.KEEP_FLOOR ? RollbackPolicy.ofDefaults().scaleDown() : ScaleDown.removeAll();
    assertEquals(mode, scaleDown.mode());
    scenario.open().readyAfter(Fixtures.IMAGE_V1, START_UP);
    scenario.setUpFixtures(shape, true);
    if (hpa) {
      autoscale(shape == RolloutShape.BLUE_GREEN ? "checkout-v2" : Fixtures.APP, 3);
    }
    KubernetesAdapters k8s = KubernetesAdapters.create(scenario.cluster.adapterClient(), WorkflowTest.config(shape));
    StepwiseWorkflow wf = new StepwiseWorkflow(k8s, k8s.jobSmokeTester(WorkflowTest.smokeJob(WorkflowTest.SMOKE_OK)),
        scaleDown, Duration.ofSeconds(60));

    Sampler sampler = new Sampler();
    assertTrue(sampler.readyEndpoints() > 0, "the Service has ready endpoints before the run");
    Thread thread = new Thread(sampler, "endpoint-sampler");
    thread.start();
    StepwiseWorkflow.Result r;
    try {
      r = wf.run(scenario.ref, RunId.of("run-z"));
    } finally {
      sampler.running.set(false);
      thread.join(5_000);
    }
    assertEquals(RunOutcome.ROLLED_BACK, r.outcome(), r.journal().toString());
    assertTrue(sampler.samples.get() > 20, "sampled through the run: " + sampler.samples.get());
    double zero = sampler.zeroNanos.get() / 1e9;
    System.out.printf(Locale.ROOT, "zero-endpoint time %s %s hpa=%s: %.2f s over %d samples (%.1f s run)%n",
        shape, mode, hpa, zero, sampler.samples.get(), sampler.elapsedNanos.get() / 1e9);
    if (mode == ScaleDown.Mode.KEEP_FLOOR) {
      assertEquals(0, sampler.zeroSamples.get(), "no moment without a ready endpoint: " + zero + " s");
    } else {
      assertTrue(zero > 1.0, "REMOVE_ALL leaves the Service without endpoints while the pods start: " + zero + " s");
    }
  }

  private void autoscale(String deployment, int minReplicas) throws ApiException {
    new AutoscalingV2Api(scenario.cluster.plainClient()).createNamespacedHorizontalPodAutoscaler(scenario.cluster.ns,
        new V2HorizontalPodAutoscaler().metadata(new V1ObjectMeta().name(deployment))
            .spec(new V2HorizontalPodAutoscalerSpec().minReplicas(minReplicas).maxReplicas(6)
                .scaleTargetRef(new V2CrossVersionObjectReference().apiVersion("apps/v1").kind("Deployment").name(deployment))
                .metrics(List.of(new V2MetricSpec().type("Resource").resource(new V2ResourceMetricSource().name("cpu")
                    .target(new V2MetricTarget().type("Utilization").averageUtilization(80)))))))
        .execute();
  }

  /** Samples the ready endpoints of Service checkout and adds up the time with none. */
  private final class Sampler implements Runnable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong samples = new AtomicLong();
    final AtomicLong zeroSamples = new AtomicLong();
    final AtomicLong zeroNanos = new AtomicLong();
    final AtomicLong elapsedNanos = new AtomicLong();
    private final DiscoveryV1Api discovery = new DiscoveryV1Api(scenario.cluster.plainClient());

    long readyEndpoints() throws ApiException {
      List<V1EndpointSlice> slices = discovery.listNamespacedEndpointSlice(scenario.cluster.ns)
          .labelSelector("kubernetes.io/service-name=" + Fixtures.APP).execute().getItems();
      return slices.stream().flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.empty() : s.getEndpoints().stream())
          .filter(e -> e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getReady()))
          .count();
    }

    @Override
    public void run() {
      long start = System.nanoTime();
      long last = start;
      boolean zero = false;
      while (running.get()) {
        try {
          boolean none = readyEndpoints() == 0;
          long now = System.nanoTime();
          if (zero) {
            zeroNanos.addAndGet(now - last);
          }
          zero = none;
          last = now;
          samples.incrementAndGet();
          if (none) {
            zeroSamples.incrementAndGet();
          }
          Thread.sleep(SAMPLE.toMillis());
        } catch (InterruptedException e) {
          return;
        } catch (ApiException e) {
          throw new IllegalStateException("cannot read the EndpointSlices: " + e.getCode(), e);
        }
      }
      elapsedNanos.set(System.nanoTime() - start);
      Objects.requireNonNull(discovery);
    }
  }
}
