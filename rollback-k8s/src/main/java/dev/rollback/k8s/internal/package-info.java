/** Implementation of the Kubernetes adapters; not API, may change without notice. */
@NullMarked
package dev.rollback.k8s.internal;

import org.jspecify.annotations.NullMarked;
