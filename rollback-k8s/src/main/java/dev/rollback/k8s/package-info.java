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
 * <p>Settings are immutable final classes built by builders, so that a setting added later breaks
 * no caller: {@link dev.rollback.k8s.KubernetesAdapterConfig} ({@code ofDefaults()}, {@code
 * builder()}, {@code builder(existing)}) and {@link dev.rollback.k8s.JobSmokeTestConfig}. Their
 * {@code build()} reports every broken rule at once, in one {@link
 * dev.rollback.spi.helpers.InvalidConfigurationException}.
 *
 * <p>Every exception the adapters throw is a {@link dev.rollback.spi.helpers.RollbackException}:
 * {@link dev.rollback.k8s.KubernetesAdapterException} for an API failure left after the retries,
 * {@link dev.rollback.k8s.ClusterStateException} for a cluster in a state the adapters cannot work
 * with, {@link dev.rollback.k8s.RunTooLargeException} for a run too large for a ConfigMap, and
 * {@link dev.rollback.spi.helpers.InvalidConfigurationException} for invalid settings. Retries back
 * off with {@link dev.rollback.spi.helpers.Backoff} (honouring {@code Retry-After}), and every wait
 * goes through one {@link dev.rollback.spi.helpers.Sleeper}.
 *
 * <p>The permissions the adapters need are listed in the Role manifest {@code
 * dev/rollback/k8s/rbac.yaml} on the class path, one Role per feature (driver, Job smoke tester,
 * run store, lock, release watcher), so that each is granted only where it is used; the run store may live in a
 * namespace of its own.
 */
@NullMarked
package dev.rollback.k8s;

import org.jspecify.annotations.NullMarked;
