package dev.rollback.spi;

/**
 * Names the deployment a run rolls back: the workload {@code name} in {@code namespace} on {@code
 * cluster}.
 *
 * @param cluster a name for the cluster, as the embedding application knows it: non-blank, at most
 *     253 characters, without control, format or line separator characters (it goes into logs
 *     and file names)
 * @param namespace a DNS-1123 label
 * @param name a DNS-1123 subdomain; in the blue/green shape the application name shared by the
 *     per-version workloads
 */
public record DeploymentRef(String cluster, String namespace, String name) {
  /** Validates every field and names the first field that breaks its rule. */
  public DeploymentRef {
    Checks.printableName(cluster, "DeploymentRef.cluster", Checks.MAX_CLUSTER_LENGTH);
    Checks.dnsLabel(namespace, "DeploymentRef.namespace");
    Checks.dnsSubdomain(name, "DeploymentRef.name");
  }

  /** Returns a reference to {@code name} in {@code namespace} on {@code cluster}. */
  public static DeploymentRef of(String cluster, String namespace, String name) {
    return new DeploymentRef(cluster, namespace, name);
  }

  /** Returns {@code cluster/namespace/name}, the form used in logs and messages. */
  @Override
  public String toString() {
    return cluster + "/" + namespace + "/" + name;
  }
}
