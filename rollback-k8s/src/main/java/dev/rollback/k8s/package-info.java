/**
 * Kubernetes adapters for the rollback engine, on the official Java client
 * ({@code io.kubernetes:client-java}).
 *
 * <p>{@link dev.rollback.k8s.KubernetesAdapters} builds, from one {@code ApiClient} and one
 * {@link dev.rollback.k8s.KubernetesAdapterConfig}, a {@link dev.rollback.spi.ClusterDriver}, a
 * {@link dev.rollback.spi.VersionRegistry}, a {@link dev.rollback.spi.Notifier} that records each
 * notification as a Kubernetes Event, and a {@link dev.rollback.spi.SmokeTester} that runs a Job. Two
 * rollout shapes are supported (see {@link dev.rollback.k8s.RolloutShape}).
 *
 * <p>The permissions the adapters need are listed in the Role manifest {@code
 * dev/rollback/k8s/rbac.yaml} on the class path, one Role per feature (driver, Job smoke tester,
 * run store, lock), so that each is granted only where it is used; the run store may live in a
 * namespace of its own.
 */
@NullMarked
package dev.rollback.k8s;

import org.jspecify.annotations.NullMarked;
