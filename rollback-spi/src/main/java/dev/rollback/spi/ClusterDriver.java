package dev.rollback.spi;

import java.util.List;
import java.util.function.Consumer;

/**
 * Changes what runs on the cluster: the Kubernetes lane of the workflow, plus cleanup.
 *
 * <p>Thread-safe. Every method that changes state is idempotent for the same manifest, because a
 * resumed run may repeat the step that was in flight when its process died: scaling to a size it
 * already has, deploying a version already deployed, or pointing the selector where it already
 * points must succeed and change nothing.
 *
 * <p>A throw from {@link #scaleDown}, {@link #deploy}, {@link #readiness} or {@link #podHealth}
 * sends the run to <i>Mark rollback failed</i> through <i>All pods healthy?</i>; a throw from
 * {@link #switchTraffic} sends it to <i>Mark rollback failed</i> directly; a throw from {@link
 * #cleanup} sends it to <i>Escalate to team lead</i>.
 */
public interface ClusterDriver {

  /**
   * Checks, without changing anything, that {@code manifest} can be applied (e.g. the previous
   * version's workload or revision still exists, images are allowed). Called in <i>Prepare
   * rollback manifest</i>; a non-empty answer halts the run for a manual rollback.
   *
   * @return the problems found, each a sentence; empty when the manifest can be applied
   * @throws InterruptedException if interrupted while waiting
   */
  default List<String> validate(RollbackManifest manifest) throws InterruptedException {
    return List.of();
  }

  /**
   * <i>Scale down new pods</i>: scales the failing version down as {@code manifest.scaleDown()}
   * says (to zero, or to the floor). Idempotent.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void scaleDown(RollbackManifest manifest) throws InterruptedException;

  /**
   * <i>Deploy previous image</i>: makes the previous version run at the replica count the
   * deployment had. Returns once the cluster accepted the change; does not wait for readiness.
   * Idempotent.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void deploy(RollbackManifest manifest) throws InterruptedException;

  /**
   * <i>Wait for pods ready</i>: answers quickly how ready the restored version is now. The engine
   * calls it on its scheduler with backoff until the snapshot {@linkplain
   * ReadinessSnapshot#settled() settles} or the step deadline passes, so it must not wait for
   * readiness itself. Read-only.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  ReadinessSnapshot readiness(RollbackManifest manifest) throws InterruptedException;

  /**
   * Optionally pushes readiness changes as they happen, so the engine reacts at once instead of at
   * its next poll. The default pushes nothing. {@code onChange} may be called from any thread; it
   * returns at once. The engine cancels the subscription when the wait ends.
   */
  default Subscription watchReadiness(RollbackManifest manifest, Consumer<ReadinessSnapshot> onChange) {
    return Subscription.none();
  }

  /**
   * <i>All pods healthy?</i>: reports the health of every pod of the restored version. Unhealthy
   * pods are an expected answer, not a throw. Read-only.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  PodHealthReport podHealth(RollbackManifest manifest) throws InterruptedException;

  /**
   * <i>Update service selector</i>: sends the deployment's traffic to {@code manifest.to()}. When
   * traffic already goes there (for instance an in-place rollout), succeeds without a change.
   * Idempotent.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void switchTraffic(RollbackManifest manifest) throws InterruptedException;

  /**
   * <i>Cleanup old resources</i>: removes what is left of {@code manifest.from()} (the pods kept at
   * the floor, the failing version's workload, by the adapter's policy). Idempotent.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void cleanup(RollbackManifest manifest) throws InterruptedException;

  /**
   * Returns the notices of {@code manifest}'s run so far: what this driver did or found beyond its
   * steps that people must know and may have to act on (see {@link ClusterNotice}), such as a GitOps
   * controller's reconciliation it suspended. The engine asks after each of {@link #validate},
   * {@link #scaleDown}, {@link #deploy}, {@link #switchTraffic} and {@link #cleanup}, whether the
   * step returned or threw, within that step's deadline; it keeps every notice by its key with the
   * run (in the run store too, so a resumed run still has the notices of the process before), and
   * puts them into every later notification and into the postmortem.
   *
   * <p>A driver that keeps its notices in memory must report them again when a resumed run repeats
   * the step that made them (in another process, the step is all that is repeated). Read-only and
   * quick; a run the driver does not know has no notices. A throw is logged, and recorded as a fault
   * of the run (the terminal notification lists it), and the run goes on. The default has none.
   *
   * @return the notices, in the order they happened; empty when there are none
   * @throws InterruptedException if interrupted while waiting
   */
  default List<ClusterNotice> notices(RollbackManifest manifest) throws InterruptedException {
    return List.of();
  }
}
