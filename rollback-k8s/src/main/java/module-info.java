/**
 * The Kubernetes adapters of rollback on the official client ({@code dev.rollback.k8s}): the
 * cluster driver, the version registry, the Job smoke tester, the ConfigMap run store and the Lease
 * lock. Their implementations stay in the unexported {@code internal} package.
 */
module dev.rollback.k8s {
  requires transitive dev.rollback.spi;
  requires transitive io.kubernetes.client.java;
  requires transitive io.kubernetes.client.java.api;
  requires com.google.gson;
  requires okhttp3;
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.rollback.k8s;
}
