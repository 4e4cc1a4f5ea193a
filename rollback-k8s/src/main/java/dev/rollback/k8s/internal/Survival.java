package dev.rollback.k8s.internal;

import dev.rollback.k8s.ClusterStateException;
import dev.rollback.k8s.KubernetesAdapterConfig;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.helpers.Sleeper;
import io.kubernetes.client.common.KubernetesObject;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The check that opens <i>Cleanup old resources</i> (after <i>Update deployment status</i>): the
 * restored version is still in place once the configured survival window has passed since the
 * manifest was prepared. A GitOps controller with self-heal, or a pipeline, reverts a rollback
 * within seconds, and removing the failing version then would take down what serves again.
 */
final class Survival {
  private Survival() {}

  /** Waits, through {@code sleeper}, what remains of the survival window of {@code m}. */
  static void await(RollbackManifest m, KubernetesAdapterConfig config, Sleeper sleeper) throws InterruptedException {
    Duration left = Duration.between(Instant.now(), m.preparedAt().plus(config.survivalWindow()));
    if (!left.isNegative() && !left.isZero()) {
      sleeper.sleep(left);
    }
  }

  /** Returns the exception saying that the restored version of {@code m} did not survive, and why. */
  static ClusterStateException failed(RollbackManifest m, String what, @Nullable KubernetesObject changed,
      KubernetesAdapterConfig config) {
    String owner = changed == null ? null : GitOps.owner(changed, config);
    return new ClusterStateException("the restored version " + m.to().id() + " did not stay in place: " + what
        + (owner == null ? "; something outside this run reverted it" : ", most likely by " + owner
            + "; revert the release in Git"));
  }
}
