/**
 * The examples: the in-memory demo, the Kubernetes example and the rollback agent. They are
 * compiled on the module path, so they use only what the library's modules export.
 */
module dev.rollback.examples {
  requires dev.rollback.core;
  requires dev.rollback.testkit;
  requires dev.rollback.k8s;
  requires dev.rollback.prometheus;
  requires dev.rollback.notify;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.rollback.examples;
  exports dev.rollback.examples.k8s;
  exports dev.rollback.examples.agent;
}
