/**
 * The engine: {@link dev.rollback.core.engine.RollbackEngine} walks the seed workflow ({@link
 * dev.rollback.core.WorkflowGraph}) for a deployment, calling the SPI adapters, journaling every
 * step, persisting the run when a store is configured, notifying the on-call engineer on every
 * path and publishing the postmortem. Its values (policy, trigger, result, events) are in {@code
 * dev.rollback.core}; its implementation is in the non-exported {@code dev.rollback.core.internal}.
 */
@NullMarked
package dev.rollback.core.engine;

import org.jspecify.annotations.NullMarked;
