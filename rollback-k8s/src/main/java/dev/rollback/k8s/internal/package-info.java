/**
 * Implementation of the Kubernetes adapters; not API, may change without notice. {@code
 * AdapterFactory} wires one {@code KubeApi} per client, which holds what every adapter shares: the
 * configuration, the retry and poll backoffs built from it once, and the {@code Sleeper} every wait
 * goes through (the test seam; {@code Sleeper.system()} in production).
 */
@NullMarked
package dev.rollback.k8s.internal;

import org.jspecify.annotations.NullMarked;
