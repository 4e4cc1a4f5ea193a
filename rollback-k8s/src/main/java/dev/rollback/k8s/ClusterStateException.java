package dev.rollback.k8s;

import dev.rollback.spi.helpers.RollbackException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by the Kubernetes adapters when the cluster is not in a state they can work with: an
 * object they need does not exist or is ambiguous (two Deployments labelled with one version, a
 * Service that selects no version), an object is malformed (a pod template without containers, a
 * malformed annotation, a stored run that does not decode), or the restored version did not stay
 * in place because something outside the run reverted it. The message names the objects and what
 * is wrong with them; the API itself answered, so retrying the same call does not help.
 */
public final class ClusterStateException extends RollbackException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with {@code message}, which names the objects and what is wrong. */
  public ClusterStateException(String message) {
    super(message);
  }

  /** Creates the exception with {@code message} and the {@code cause} found while reading. */
  public ClusterStateException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
