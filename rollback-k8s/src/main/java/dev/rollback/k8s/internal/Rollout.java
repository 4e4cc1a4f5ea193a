package dev.rollback.k8s.internal;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.Notification;
import dev.rollback.spi.PreviousVersion;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.Version;
import io.kubernetes.client.openapi.models.V1Deployment;
import java.time.Instant;
import java.util.List;

/** The shape-specific half of the adapters: where versions live and how one is restored. */
interface Rollout {

  /**
   * What <i>Wait for pods ready</i> looks at.
   *
   * @param deployment the Deployment running the restored version
   * @param desired pods the restored version should have
   * @param podSelector an equality selector matching exactly the restored version's pods
   */
  record Target(V1Deployment deployment, int desired, String podSelector) {}

  Version currentVersion(DeploymentRef d) throws InterruptedException;

  PreviousVersion previousStable(DeploymentRef d, Version current) throws InterruptedException;

  List<String> validate(RollbackManifest m) throws InterruptedException;

  void scaleDown(RollbackManifest m) throws InterruptedException;

  void deploy(RollbackManifest m) throws InterruptedException;

  /**
   * Returns what readiness and pod health look at. With {@code withStatus} the Deployment is read
   * afresh, so its status is current; without, a recent copy may serve (for the selector and the
   * replica count only).
   */
  Target target(RollbackManifest m, boolean withStatus) throws InterruptedException;

  void switchTraffic(RollbackManifest m) throws InterruptedException;

  void cleanup(RollbackManifest m) throws InterruptedException;

  void markFailed(RollbackManifest m, String reason) throws InterruptedException;

  void recordRollback(RollbackManifest m, Instant at) throws InterruptedException;

  /** Returns the name of the Deployment a notification's Event should be attached to. */
  String eventTarget(Notification n) throws InterruptedException;
}
