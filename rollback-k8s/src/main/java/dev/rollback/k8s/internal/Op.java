package dev.rollback.k8s.internal;

/**
 * One API operation, described the way RBAC sees it, for messages and for naming the missing
 * permission on a 403.
 *
 * @param verb the RBAC verb, e.g. {@code patch}
 * @param resource the resource with its group, e.g. {@code deployments.apps} or {@code pods/log}
 * @param namespace the namespace
 * @param name the object's name, or empty for a collection
 */
record Op(String verb, String resource, String namespace, String name) {

  static Op of(String verb, String resource, String namespace, String name) {
    return new Op(verb, resource, namespace, name);
  }

  static Op collection(String verb, String resource, String namespace) {
    return new Op(verb, resource, namespace, "");
  }

  @Override
  public String toString() {
    return verb + " " + resource + " " + namespace + (name.isEmpty() ? "" : "/" + name);
  }
}
