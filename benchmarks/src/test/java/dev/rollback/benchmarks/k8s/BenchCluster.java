package dev.rollback.benchmarks.k8s;

import dev.rollback.k8s.Fixtures;
import dev.rollback.k8s.RolloutShape;
import dev.rollback.k8s.TestCluster;
import dev.rollback.spi.DeploymentRef;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One benchmark run's cluster: a namespace of its own on the JVM's real control plane ({@link
 * TestCluster}), whose ServiceAccount holds the shipped Role or a variant of it ({@link Access}),
 * with the objects of one rollout shape created and rolled out by the real controllers ({@link
 * Fixtures}; faults and start delays are set on {@link #fixtures} before {@link #setUp}). kwok
 * serves a log for the smoke Job's container, as a kubelet would. Closing deletes the namespace.
 */
final class BenchCluster implements AutoCloseable {
  /** What the namespace's ServiceAccount may do. */
  enum Access {
    /** The shipped Role (dev/rollback/k8s/rbac.yaml), as the adapters run in production. */
    SHIPPED_ROLE,
    /**
     * The shipped Role without {@code watch} on pods: the apiserver refuses the readiness watch
     * (403), and the adapters fall back to polling.
     */
    NO_POD_WATCH,
    /**
     * The shipped Role plus {@code watch} on Deployments, which {@code kubectl rollout status}
     * needs and the adapters do not.
     */
    KUBECTL
  }

  /** The smoke container's log, as kwok serves it. */
  static final List<String> SMOKE_LOG = List.of("GET /readyz 200", "checks done");

  final TestCluster cluster;
  final Fixtures fixtures;

  /** Opens a namespace whose ServiceAccount has {@code access}; call {@link #setUp} to create the objects. */
  BenchCluster(Access access) throws Exception {
    cluster = TestCluster.create(rules(access));
    fixtures = new Fixtures(cluster);
  }

  /** Creates the shape's objects (with the previous version v1 when {@code withV1}) and waits for their rollout. */
  BenchCluster setUp(RolloutShape shape, boolean withV1) throws Exception {
    if (shape == RolloutShape.BLUE_GREEN) {
      fixtures.blueGreen(withV1);
    } else {
      fixtures.inPlace(withV1);
    }
    cluster.serveLogs("smoke", SMOKE_LOG);
    return this;
  }

  /** Returns a new client authenticated as the namespace's ServiceAccount. */
  ApiClient adapterClient() {
    return cluster.adapterClient();
  }

  DeploymentRef ref() {
    return cluster.ref(Fixtures.APP);
  }

  private static UnaryOperator<List<V1PolicyRule>> rules(Access access) {
    return switch (access) {
      case SHIPPED_ROLE -> UnaryOperator.identity();
      case NO_POD_WATCH -> rules -> {
        if (rules.stream().noneMatch(r -> List.of("pods").equals(r.getResources()) && r.getVerbs().contains("watch"))) {
          throw new IllegalStateException("the shipped Roles no longer grant watch on pods: " + rules);
        }
        return rules.stream().map(r -> {
          if (r.getResources() != null && r.getResources().equals(List.of("pods"))) {
            List<String> verbs = new ArrayList<>(r.getVerbs());
            verbs.remove("watch");
            return new V1PolicyRule().apiGroups(r.getApiGroups()).resources(r.getResources()).verbs(verbs);
          }
          return r;
        }).toList();
      };
      case KUBECTL -> rules -> {
        List<V1PolicyRule> out = new ArrayList<>(rules);
        out.add(new V1PolicyRule().apiGroups(List.of("apps")).resources(List.of("deployments")).verbs(List.of("watch")));
        return out;
      };
    };
  }

  @Override
  public void close() {
    cluster.close();
  }
}
