/**
 * The examples: the in-memory demo and the Kubernetes example. They are compiled on the module
 * path, so they use only what the library's modules export.
 */
module dev.rollback.examples {
  requires dev.rollback.core;
  requires dev.rollback.testkit;
  requires dev.rollback.k8s;
  requires static org.jspecify;

  exports dev.rollback.examples;
  exports dev.rollback.examples.k8s;
}
