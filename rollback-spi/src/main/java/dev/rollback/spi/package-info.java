/**
 * The service-provider interfaces through which the rollback engine reaches the outside world, and
 * the immutable value types they exchange.
 *
 * <p>Five interfaces cover the workflow: {@link dev.rollback.spi.MetricsSource} (detection),
 * {@link dev.rollback.spi.VersionRegistry} (which versions exist and which are stable),
 * {@link dev.rollback.spi.ClusterDriver} (changing what runs), {@link dev.rollback.spi.SmokeTester}
 * (verifying the restored version) and {@link dev.rollback.spi.Notifier} (telling people).
 *
 * <h2>Contract shared by every interface</h2>
 *
 * <ul>
 *   <li><b>Blocking.</b> Methods are plain blocking calls. The engine runs them on an executor the
 *       embedding application chooses and never on its scheduler thread, so an implementation may
 *       perform network I/O directly.
 *   <li><b>Deadlines and interrupts.</b> Every call runs under a step deadline. When the deadline
 *       passes the engine interrupts the calling thread and routes the run down the failure edge of
 *       the step's lane; a late answer is ignored. Implementations should let {@link
 *       java.lang.InterruptedException} propagate (or restore the interrupt flag) rather than retry
 *       past it.
 *   <li><b>Expected failures are values.</b> An answer the workflow has a branch for ("no previous
 *       stable version", "3 of 5 pods ready", "2 smoke checks failed") is returned as a value.
 *   <li><b>Unexpected failures are throws.</b> Anything else (an unreachable API, a permission
 *       error, a bug) is reported by throwing an unchecked exception whose message says what
 *       failed. The engine records the exception as the cause of the failure edge it takes. It
 *       treats a throw, a hang past the deadline, an interrupt and a malformed answer (a {@code
 *       null}, or a value that fails its own validation) alike.
 *   <li><b>Thread safety.</b> One adapter instance serves all runs of an engine, concurrently, so
 *       implementations must be thread-safe. Calls for one run never overlap.
 *   <li><b>Idempotency.</b> A run may be retried or resumed after a crash, so every method that
 *       changes state must be idempotent for the same {@link dev.rollback.spi.RollbackManifest}:
 *       calling it twice leaves the same state as calling it once. Each method's javadoc says so.
 *   <li><b>Secrets.</b> Values the engine receives may end up in notifications and postmortems;
 *       adapters must not put credentials in messages, details or exceptions.
 * </ul>
 *
 * <p>Every value type validates itself in its constructor and throws {@link
 * dev.rollback.spi.InvalidValueException} (a {@link dev.rollback.spi.helpers.RollbackException},
 * the root of every exception the library throws) naming the field and the rule it broke.
 *
 * <p>A notifier makes one delivery attempt per call and says, with a {@link
 * dev.rollback.spi.NotifierException}, whether trying again could help and when; the engine owns
 * retrying. Adapter authors find the shared helpers (configuration checks, backoff, the sleeping
 * seam, secrets, redaction, cause descriptions) in {@code dev.rollback.spi.helpers}.
 */
@NullMarked
package dev.rollback.spi;

import org.jspecify.annotations.NullMarked;
