/** A program wiring the Kubernetes adapters to the engine, against the cluster of a kubeconfig. */
@NullMarked
package dev.rollback.examples.k8s;

import org.jspecify.annotations.NullMarked;
