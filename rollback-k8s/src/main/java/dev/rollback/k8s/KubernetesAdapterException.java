package dev.rollback.k8s;

import dev.rollback.spi.helpers.RollbackException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by the Kubernetes adapters for an unexpected failure: the API refused or failed a request
 * after the retries the configuration allows. The message names the operation (verb, resource,
 * namespace and name) and, for a 403, the permission missing from the adapters' Role; it never
 * contains credentials.
 */
public class KubernetesAdapterException extends RollbackException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param statusCode the HTTP status of the last answer, or 0 when there was none
   */
  public KubernetesAdapterException(String message, int statusCode) {
    super(message);
    this.statusCode = statusCode;
  }

  /** Creates the exception with a cause. */
  public KubernetesAdapterException(String message, int statusCode, @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  /** Returns the HTTP status of the last answer, or 0 when the request got no answer. */
  public int statusCode() {
    return statusCode;
  }
}
