package dev.rollback.k8s;

/** How a deployment's versions are laid out on the cluster. */
public enum RolloutShape {
  /**
   * One Deployment per version, labelled with the application name and the version, behind a
   * Service whose selector names the version that receives traffic. {@link
   * dev.rollback.spi.DeploymentRef#name()} is the application name.
   */
  BLUE_GREEN,
  /**
   * One Deployment whose ReplicaSets are its versions, as {@code kubectl rollout undo} sees them.
   * {@link dev.rollback.spi.DeploymentRef#name()} is the Deployment's name.
   */
  IN_PLACE
}
