/**
 * The engine's implementation. Not API and not exported: anything here may change without notice.
 *
 * <ul>
 *   <li>{@code WorkflowDefinition} binds each node of {@link dev.rollback.core.WorkflowGraph} to
 *       its step handler; {@code RunExecution} interprets it: it enters a node, runs the bound
 *       handler, records the step, routes by the graph and persists.
 *   <li>{@code EngineRuntime} bundles the collaborators built once per engine: the adapters, the
 *       {@code AdapterInvoker} (deadlines, the {@code UserCode} boundary), the
 *       {@code NotificationDispatcher} (the one notification retry layer), {@code Durability}
 *       (run store and lease) and {@code PostmortemPublishing}.
 *   <li>{@code format} holds the one formatter of times, durations and numbers and the one
 *       redaction of secrets, shared with the postmortem and the detectors.
 *   <li>{@code MonitorStates} and {@code ShardKeeper} hold the state that {@link
 *       dev.rollback.core.detect.DeploymentMonitor} shares between replicas.
 * </ul>
 *
 * <p>Nothing here refers to {@link dev.rollback.core.engine.RollbackEngine} or to the detection
 * package: they are built on this one, never the other way round.
 */
@NullMarked
package dev.rollback.core.internal;

import org.jspecify.annotations.NullMarked;
