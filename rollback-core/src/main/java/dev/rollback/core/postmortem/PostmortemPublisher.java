package dev.rollback.core.postmortem;

import java.net.URI;
import java.util.Optional;

/**
 * Hands a finished run's {@link Postmortem} to people: writes it to a directory, a wiki, a ticket.
 * Register publishers with {@code RollbackEngine.Builder.postmortemPublisher}.
 *
 * <p>The engine calls {@link #publish} once per attempt on its adapter executor, under the deadline
 * of its {@link PublishingPolicy}, after the run reached <i>End</i>. It may block. A publisher that
 * throws (anything, an {@link Error} included), hangs past the deadline or is interrupted is
 * retried; the attempts are recorded in the run's result and logged, and never change the run's
 * outcome. Implementations must be thread-safe (runs of several deployments may publish at once)
 * and idempotent per run: a retry publishes the same document again.
 */
public interface PostmortemPublisher {

  /**
   * Returns a short name for logs and records, e.g. {@code directory}; when it throws or answers
   * null or blank, the class name stands in.
   */
  String name();

  /**
   * Publishes {@code postmortem}.
   *
   * @return where it was published, when that can be linked to (e.g. a file URI); else empty
   * @throws Exception when it could not be published; the engine retries
   */
  Optional<URI> publish(Postmortem postmortem) throws Exception;

  /**
   * Returns where {@link #publish} will put {@code postmortem}, when that is known before it is
   * published, so that the on-call notification can link to it. Called on the engine's scheduler:
   * it must not block or do I/O. One that throws or answers null is logged and links nowhere. The
   * default knows nothing.
   */
  default Optional<URI> locate(Postmortem postmortem) {
    return Optional.empty();
  }
}
